#include "prefs/Prefs.h"

#include "prefs/PrefRegistry.h"
#include "prefs/PrefsJs.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace msim::prefs {

namespace {

// Names longer than this get no "did you mean" (the edit distance is quadratic).
constexpr qsizetype kMaxSuggestLength = 200;

int editDistance(QStringView a, QStringView b)
{
    QList<int> row(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The registered name someone probably meant: one ending in ".name", or one a few edits away.
QString suggestion(QStringView name)
{
    if (name.isEmpty() || name.size() > kMaxSuggestLength)
        return QString();
    QString best;
    int bestDistance = 4; // more than three edits away is not a typo
    for (const PrefInfo &info : PrefRegistry::all()) {
        if (info.name.size() > name.size() && info.name.endsWith(name) &&
            info.name.at(info.name.size() - name.size() - 1) == u'.')
            return info.name;
        const int d = editDistance(name, info.name);
        if (d < bestDistance) {
            bestDistance = d;
            best = info.name;
        }
    }
    return best;
}

QString unknownPrefMessage(QStringView name)
{
    QString message = QStringLiteral("unknown pref \"") + name + u'"';
    const QString guess = suggestion(name);
    if (!guess.isEmpty())
        message += QStringLiteral(" (did you mean ") + guess + u')';
    return message;
}

bool isIntegerType(int typeId)
{
    switch (typeId) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::SChar:
    case QMetaType::UChar:
        return true;
    default:
        return false;
    }
}

// How a rejected value reads in a message: `the string "6144"`, `true`, `3000000000`.
QString describe(const QVariant &value)
{
    constexpr qsizetype kShown = 40;
    if (!value.isValid())
        return QStringLiteral("no value");
    const int type = value.typeId();
    if (type == QMetaType::Bool)
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (type == QMetaType::ULongLong || type == QMetaType::ULong)
        return QString::number(value.toULongLong());
    if (isIntegerType(type))
        return QString::number(value.toLongLong());
    if (type == QMetaType::QString) {
        QString s = value.toString();
        if (s.size() > kShown)
            s = s.left(kShown) + QStringLiteral("...");
        return QStringLiteral("the string \"") + s + u'"';
    }
    return QStringLiteral("a value of type ") + QString::fromLatin1(value.typeName());
}

QString rangeMessage(QStringView name, const QString &got)
{
    return name + QStringLiteral(" must fit in 32 bits like every 4.x integer pref (") +
           QString::number(std::numeric_limits<qint32>::min()) + QStringLiteral(" to ") +
           QString::number(std::numeric_limits<qint32>::max()) + QStringLiteral("); got ") + got;
}

// The value in the pref's normal form (bool, int or QString), or nullopt and a message that
// names the pref as `name`.
std::optional<QVariant> normalise(const PrefInfo &info, QStringView name, const QVariant &value,
                                  QString *error)
{
    const int type = value.typeId();
    switch (info.type) {
    case PrefType::Bool:
        if (type == QMetaType::Bool)
            return QVariant(value.toBool());
        break;
    case PrefType::Int:
        if (type == QMetaType::ULongLong || type == QMetaType::ULong) {
            const qulonglong v = value.toULongLong();
            if (v <= qulonglong(std::numeric_limits<qint32>::max()))
                return QVariant(int(v));
            if (error)
                *error = rangeMessage(name, QString::number(v));
            return std::nullopt;
        }
        if (isIntegerType(type)) {
            const qlonglong v = value.toLongLong();
            if (v >= std::numeric_limits<qint32>::min() && v <= std::numeric_limits<qint32>::max())
                return QVariant(int(v));
            if (error)
                *error = rangeMessage(name, QString::number(v));
            return std::nullopt;
        }
        break;
    case PrefType::String:
        if (type == QMetaType::QString)
            return QVariant(value.toString());
        break;
    }
    if (error) {
        *error = name + QStringLiteral(" is ") +
                 (info.type == PrefType::Int ? QStringLiteral("an ") : QStringLiteral("a ")) +
                 prefTypeName(info.type) + QStringLiteral(" pref; got ") + describe(value);
    }
    return std::nullopt;
}

// A decimal integer, optionally negative, no other characters. nullopt if not one; `overflow`
// is set when it is one but does not fit in 32 bits.
std::optional<qint64> parseDecimal(QStringView text, bool *overflow)
{
    *overflow = false;
    qsizetype i = 0;
    const bool negative = text.startsWith(u'-');
    if (negative)
        ++i;
    if (i == text.size())
        return std::nullopt;
    qint64 v = 0;
    for (; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c < u'0' || c > u'9')
            return std::nullopt;
        if (v <= qint64(std::numeric_limits<qint32>::max()) + 1)
            v = v * 10 + (c.unicode() - u'0');
    }
    if (negative)
        v = -v;
    if (v < std::numeric_limits<qint32>::min() || v > std::numeric_limits<qint32>::max())
        *overflow = true;
    return v;
}

QString quoted(QStringView text)
{
    return u'"' + text.toString() + u'"';
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// What a name given to set() stands for: the registered entry, the key its value is kept under
// (the global name, or the per-host full name), and the alias used, if any.
struct Target
{
    const PrefInfo *info = nullptr;
    QString key;
    QString alias;
};

Target resolve(QStringView name, bool allowAlias)
{
    if (const PrefInfo *info = PrefRegistry::find(name))
        return {info, info->name, QString()};
    if (const PrefInfo *info = PrefRegistry::findPerHost(name, nullptr))
        return {info, name.toString(), QString()};
    if (allowAlias) {
        const QString current = PrefRegistry::aliasTarget(name);
        if (const PrefInfo *info = current.isEmpty() ? nullptr : PrefRegistry::find(current))
            return {info, info->name, name.toString()};
    }
    return {};
}

// "mail.server_ssl is not a Messenger 4.x pref (4.x reads mail.imap.server_ssl)"
QString aliasNote(const Target &t)
{
    return t.alias + QStringLiteral(" is not a Messenger 4.x pref (4.x reads ") + t.key + u')';
}

QString aliasTakenMessage(const Target &t)
{
    return aliasNote(t) + QStringLiteral("; msim took its value as ") + t.key;
}

// The current name was set by its own name: on `realLine` of the same file, or (0) before.
QString aliasIgnoredMessage(const Target &t, int realLine)
{
    QString because;
    if (realLine > 0)
        because =
            QStringLiteral("line ") + QString::number(realLine) + QStringLiteral(" sets ") + t.key;
    else
        because = t.key + QStringLiteral(" is also set");
    return aliasNote(t) + QStringLiteral("; msim ignored it because ") + because +
           QStringLiteral(", and the name 4.x reads wins");
}

// An error about the value, said of the name the user wrote.
QString aliasError(const Target &t, const QString &error)
{
    if (t.alias.isEmpty())
        return error;
    return aliasNote(t) + QStringLiteral(", and ") + error;
}

void note(QString *warning, const QString &message)
{
    if (warning)
        *warning = message;
}

} // namespace

QVariant Prefs::value(QStringView name) const
{
    const Target t = resolve(name, false);
    if (!t.info)
        return QVariant();
    return m_user.value(t.key, t.info->defaultValue);
}

bool Prefs::boolValue(QStringView name) const
{
    return value(name).toBool();
}

qint64 Prefs::intValue(QStringView name) const
{
    return value(name).toLongLong();
}

QString Prefs::stringValue(QStringView name) const
{
    return value(name).toString();
}

bool Prefs::isUserSet(QStringView name) const
{
    const Target t = resolve(name, false);
    return t.info && m_user.contains(t.key);
}

bool Prefs::set(QStringView name, const QVariant &value, QString *error, QString *warning)
{
    if (warning)
        warning->clear();
    const Target t = resolve(name, true);
    if (!t.info)
        return fail(error, unknownPrefMessage(name));
    QString why;
    std::optional<QVariant> normal = normalise(*t.info, t.key, value, &why);
    if (!normal)
        return fail(error, aliasError(t, why));
    if (!t.alias.isEmpty()) {
        if (m_user.contains(t.key) && !m_fromAlias.contains(t.key)) {
            note(warning, aliasIgnoredMessage(t, 0));
            return true;
        }
        m_user.insert(t.key, *normal);
        m_fromAlias.insert(t.key);
        note(warning, aliasTakenMessage(t));
        return true;
    }
    m_user.insert(t.key, *normal);
    m_fromAlias.remove(t.key);
    return true;
}

bool Prefs::setFromText(QStringView assignment, QString *error, QString *warning)
{
    if (warning)
        warning->clear();
    const qsizetype eq = assignment.indexOf(u'=');
    if (eq < 0) {
        return fail(error, QStringLiteral("expected NAME=VALUE, got ") + quoted(assignment));
    }
    const QStringView name = assignment.left(eq).trimmed();
    const QStringView text = assignment.mid(eq + 1);
    if (name.isEmpty()) {
        return fail(error,
                    QStringLiteral("expected NAME=VALUE with a pref name before \"=\", got ") +
                        quoted(assignment));
    }
    const Target t = resolve(name, true);
    if (!t.info)
        return fail(error, unknownPrefMessage(name));

    switch (t.info->type) {
    case PrefType::Bool: {
        const QStringView word = text.trimmed();
        if (word == u"true")
            return set(name, true, error, warning);
        if (word == u"false")
            return set(name, false, error, warning);
        return fail(error, aliasError(t, t.key +
                                             QStringLiteral(" is a boolean pref: write true or "
                                                            "false, not ") +
                                             quoted(word)));
    }
    case PrefType::Int: {
        const QStringView digits = text.trimmed();
        bool overflow = false;
        const std::optional<qint64> v = parseDecimal(digits, &overflow);
        if (!v) {
            return fail(error,
                        aliasError(t, t.key +
                                          QStringLiteral(" is an integer pref: write a decimal "
                                                         "number such as ") +
                                          t.info->defaultValue.toString() +
                                          QStringLiteral(", not ") + quoted(digits)));
        }
        if (overflow)
            return fail(error, aliasError(t, rangeMessage(t.key, digits.toString())));
        return set(name, QVariant(qlonglong(*v)), error, warning);
    }
    case PrefType::String: {
        const QStringView trimmed = text.trimmed();
        if (trimmed.size() >= 2 && trimmed.startsWith(u'"') && trimmed.endsWith(u'"')) {
            // The prefs.js reader unescapes it exactly as it would in a file.
            const QByteArray statement = QByteArray("user_pref(\"x\", " + trimmed.toUtf8() + ");");
            const PrefsJsReadResult read = PrefsJs::parse(statement);
            if (read.values.size() != 1 || !read.issues.isEmpty()) {
                return fail(
                    error,
                    aliasError(
                        t, t.key + QStringLiteral(": bad quoted string ") + quoted(trimmed) +
                               (read.issues.isEmpty()
                                    ? QString()
                                    : QStringLiteral(" (") + read.issues.first().message + u')')));
            }
            return set(name, read.values.first().second, error, warning);
        }
        return set(name, text.toString(), error, warning);
    }
    }
    return false;
}

void Prefs::reset(QStringView name)
{
    const Target t = resolve(name, false);
    if (!t.info)
        return;
    m_user.remove(t.key);
    m_fromAlias.remove(t.key);
}

QVariant Prefs::hostValue(QStringView host, QStringView name) const
{
    if (host.isEmpty() || !PrefRegistry::findPerHostShort(name))
        return QVariant();
    return m_user.value(PrefRegistry::perHostName(host, name));
}

QStringList Prefs::hosts() const
{
    QStringList out;
    for (auto it = m_user.cbegin(); it != m_user.cend(); ++it) {
        QString host;
        if (PrefRegistry::findPerHost(it.key(), &host))
            out.append(host);
    }
    out.sort();
    out.removeDuplicates();
    return out;
}

bool Prefs::sslFor(QStringView host) const
{
    const QVariant own = hostValue(host, u"isSecure");
    return own.isValid() ? own.toBool() : boolValue(u"mail.imap.server_ssl");
}

QStringList Prefs::userSetNames() const
{
    return m_user.keys();
}

QList<QPair<QString, QVariant>> Prefs::effective() const
{
    QList<QPair<QString, QVariant>> out;
    out.reserve(PrefRegistry::all().size());
    for (const PrefInfo &info : PrefRegistry::all())
        out.append({info.name, m_user.value(info.name, info.defaultValue)});
    for (auto it = m_user.cbegin(); it != m_user.cend(); ++it) {
        if (PrefRegistry::findPerHost(it.key(), nullptr))
            out.append({it.key(), it.value()});
    }
    return out;
}

QList<QPair<QString, QVariant>> Prefs::userSet() const
{
    QList<QPair<QString, QVariant>> out;
    out.reserve(m_user.size());
    for (auto it = m_user.cbegin(); it != m_user.cend(); ++it)
        out.append({it.key(), it.value()});
    return out;
}

Prefs::ApplyReport Prefs::apply(const PrefsJsReadResult &read)
{
    ApplyReport report;
    report.issues = read.issues;

    // Where the file sets a pref that has an alias by its own name, with a value of its type:
    // that value wins over any alias statement, before or after it (the last such line).
    QMap<QString, int> ownNameLine;
    for (const auto &alias : PrefRegistry::aliases()) {
        const PrefInfo *info = PrefRegistry::find(alias.second);
        for (qsizetype i = 0; info && i < read.values.size(); ++i) {
            if (read.values[i].first == info->name &&
                normalise(*info, info->name, read.values[i].second, nullptr))
                ownNameLine.insert(info->name, int(read.lines.value(i)));
        }
    }

    for (qsizetype i = 0; i < read.values.size(); ++i) {
        const auto &[name, value] = read.values[i];
        const int line = int(read.lines.value(i));
        const Target t = resolve(name, true);
        if (!t.info) {
            ++report.unknownIgnored;
            continue;
        }
        // An alias whose current name this file, or an earlier source, sets by its own name.
        const bool ownNameWins =
            !t.alias.isEmpty() && (ownNameLine.contains(t.key) ||
                                   (m_user.contains(t.key) && !m_fromAlias.contains(t.key)));
        if (ownNameWins) {
            QString why;
            if (normalise(*t.info, t.key, value, &why)) {
                report.issues.append({line, aliasIgnoredMessage(t, ownNameLine.value(t.key)),
                                      read.texts.value(i), PrefsJsIssue::Severity::Warning});
            } else {
                report.issues.append({line, aliasError(t, why), read.texts.value(i)});
            }
            continue;
        }
        QString error;
        QString warning;
        if (set(name, value, &error, &warning)) {
            ++report.applied;
            if (!warning.isEmpty()) {
                report.issues.append(
                    {line, warning, read.texts.value(i), PrefsJsIssue::Severity::Warning});
            }
        } else {
            report.issues.append({line, error, read.texts.value(i)});
        }
    }
    // Line order; the file-wide issues (line 0: too large, too many issues) last.
    const auto key = [](const PrefsJsIssue &issue) {
        return issue.line > 0 ? issue.line : std::numeric_limits<int>::max();
    };
    std::stable_sort(report.issues.begin(), report.issues.end(),
                     [&](const PrefsJsIssue &a, const PrefsJsIssue &b) { return key(a) < key(b); });
    return report;
}

} // namespace msim::prefs
