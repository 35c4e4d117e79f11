// SPDX-License-Identifier: MIT
#include "prefs/PrefCheck.h"

#include "prefs/PrefRegistry.h"

#include <QList>

#include <algorithm>
#include <limits>

namespace msim::prefs {

namespace {

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
    if (name.isEmpty() || name.size() > PrefCheck::kMaxSuggestLength)
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

bool isIntegerType(int typeId)
{
    static constexpr int kIntegerTypes[] = {
        QMetaType::Int,   QMetaType::UInt,  QMetaType::LongLong, QMetaType::ULongLong,
        QMetaType::Long,  QMetaType::ULong, QMetaType::Short,    QMetaType::UShort,
        QMetaType::SChar, QMetaType::UChar};
    return std::find(std::begin(kIntegerTypes), std::end(kIntegerTypes), typeId) !=
           std::end(kIntegerTypes);
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

} // namespace

QString PrefCheck::unknownPrefMessage(QStringView name)
{
    QString message = QStringLiteral("unknown pref \"") + name + u'"';
    const QString guess = suggestion(name);
    if (!guess.isEmpty())
        message += QStringLiteral(" (did you mean ") + guess + u')';
    return message;
}

QString PrefCheck::rangeMessage(QStringView name, const QString &got)
{
    return name + QStringLiteral(" must fit in 32 bits like every 4.x integer pref (") +
           QString::number(std::numeric_limits<qint32>::min()) + QStringLiteral(" to ") +
           QString::number(std::numeric_limits<qint32>::max()) + QStringLiteral("); got ") + got;
}

std::optional<QVariant> PrefCheck::normalise(const PrefInfo &info, QStringView name,
                                             const QVariant &value, QString *error)
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

std::optional<qint64> PrefCheck::parseDecimal(QStringView text, bool *overflow)
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

} // namespace msim::prefs
