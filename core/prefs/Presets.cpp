// SPDX-License-Identifier: MIT
#include "prefs/Presets.h"

#include <QtGlobal>

namespace msim::prefs {

namespace {

struct Preset
{
    const char *name;
    const char *description;
    QList<QPair<QString, QVariant>> values;
};

// MESSENGER45.md §1, in the order `msim-cli presets` lists them.
const QList<Preset> &presets()
{
    static const QList<Preset> list = [] {
        auto v = [](const char *name, QVariant value) {
            return QPair<QString, QVariant>(QString::fromLatin1(name), std::move(value));
        };
        return QList<Preset>{
            {"messenger45",
             "Messenger 4.5 defaults: adaptive chunks from 10240 octets for messages over 15360",
             {}},
            {"kb-q194998",
             "KB Q194998 conditions: fixed 6144-octet chunks for messages over 6144 (every "
             "request is <n.6144>)",
             {v("mail.imap.chunk_size", 6144), v("mail.imap.min_chunk_size_threshold", 6144),
              v("mail.imap.chunk_fast", -1), v("mail.imap.chunk_ideal", 2147483647)}},
            {"messenger407",
             "Whole-message fetches as in Messenger 4.07 (mail.imap.fetch_by_chunks false, the "
             "KB Q194998 workaround)",
             {v("mail.imap.fetch_by_chunks", false)}},
            {"thunderbird",
             "Thunderbird chunk sizes: 65536-octet chunks for messages over 98304, step 8192",
             {v("mail.imap.chunk_size", 65536), v("mail.imap.min_chunk_size_threshold", 98304),
              v("mail.imap.chunk_add", 8192)}},
        };
    }();
    return list;
}

const Preset *findPreset(QStringView name)
{
    for (const Preset &p : presets()) {
        if (name == QLatin1String(p.name))
            return &p;
    }
    return nullptr;
}

} // namespace

QStringList Presets::names()
{
    QStringList out;
    for (const Preset &p : presets())
        out.append(QString::fromLatin1(p.name));
    return out;
}

QString Presets::description(QStringView name)
{
    const Preset *p = findPreset(name);
    return p ? QString::fromLatin1(p->description) : QString();
}

std::optional<Prefs> Presets::make(QStringView name, QString *error)
{
    const Preset *p = findPreset(name);
    if (!p) {
        if (error) {
            *error = QStringLiteral("unknown preset \"") + name +
                     QStringLiteral("\"; the presets are ") + names().join(QStringLiteral(", "));
        }
        return std::nullopt;
    }
    Prefs prefs;
    for (const auto &[pref, value] : p->values) {
        const bool ok = prefs.set(pref, value, nullptr);
        Q_ASSERT(ok); // the table above names registered prefs with values of their type
        Q_UNUSED(ok);
    }
    return prefs;
}

} // namespace msim::prefs
