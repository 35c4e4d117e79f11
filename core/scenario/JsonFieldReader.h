// SPDX-License-Identifier: MIT
#pragma once

#include "net/Security.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace msim::scenario {

// Reads the fields of a JSON object, naming the JSON path ("$.server.port") of the first error
// (scenario files; report.json read back by FetchJsonReader). Never throws; each call returns
// false on an error, and `error` keeps the first one.
class JsonFieldReader
{
public:
    QString error;

    bool fail(const QString &path, const QString &message)
    {
        if (error.isEmpty())
            error = path + QStringLiteral(": ") + message;
        return false;
    }

    bool keys(const QJsonObject &o, const QString &path, const QStringList &allowed)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == QLatin1String("password"))
                return fail(path + QLatin1Char('.') + it.key(),
                            QStringLiteral("passwords never go in scenario files; give it in "
                                           "$MSIM_PASSWORD or with --password-file"));
            if (!allowed.contains(it.key()))
                return fail(path + QLatin1Char('.') + it.key(),
                            QStringLiteral("unknown key (known here: %1)")
                                .arg(allowed.join(QStringLiteral(", "))));
        }
        return true;
    }

    // The list at `key` (empty when absent); anything else there is an error at its path.
    QJsonArray array(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (!v.isUndefined() && !v.isArray())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be a list"));
        return v.toArray();
    }

    bool object(const QJsonValue &v, const QString &path, QJsonObject &out)
    {
        if (!v.isObject())
            return fail(path, QStringLiteral("must be an object"));
        out = v.toObject();
        return true;
    }

    bool string(const QJsonObject &o, const QString &key, const QString &path, QString &out,
                bool required = false)
    {
        if (!o.contains(key))
            return !required || fail(path + QLatin1Char('.') + key, QStringLiteral("is required"));
        if (!o[key].isString())
            return fail(path + QLatin1Char('.') + key, QStringLiteral("must be a string"));
        out = o[key].toString();
        return true;
    }

    bool boolean(const QJsonObject &o, const QString &key, const QString &path, bool &out)
    {
        if (!o.contains(key))
            return true;
        if (!o[key].isBool())
            return fail(path + QLatin1Char('.') + key, QStringLiteral("must be true or false"));
        out = o[key].toBool();
        return true;
    }

    template<class T>
    bool integer(const QJsonObject &o, const QString &key, const QString &path, T &out, qint64 min,
                 qint64 max)
    {
        if (!o.contains(key))
            return true;
        const QJsonValue v = o[key];
        const double d = v.toDouble();
        if (!v.isDouble() || d != double(qint64(d)) || d < double(min) || d > double(max))
            return fail(path + QLatin1Char('.') + key,
                        QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max));
        out = T(qint64(d));
        return true;
    }

    // A whole number or null (nullopt) at `key`; absent is nullopt too.
    bool nullableInteger(const QJsonObject &o, const QString &key, const QString &path,
                         std::optional<qint64> &out, qint64 min, qint64 max)
    {
        out.reset();
        if (o.value(key).isNull() || !o.contains(key))
            return true;
        qint64 v = 0;
        if (!integer(o, key, path, v, min, max))
            return false;
        out = v;
        return true;
    }

    bool oneOf(const QString &value, const QStringList &allowed, const QString &path)
    {
        if (!allowed.contains(value))
            return fail(path, QStringLiteral("'%1' is not one of: %2")
                                  .arg(value, allowed.join(QStringLiteral(", "))));
        return true;
    }

    // `value` by the enum's name table; an error at `path` lists the names.
    template<class Table, class Enum>
    bool named(const QString &value, const Table &table, const QString &path, Enum &out)
    {
        const auto v = table.parse(value);
        if (!v)
            return oneOf(value, table.names(), path);
        out = *v;
        return true;
    }

    bool security(const QJsonObject &o, const QString &key, const QString &path, net::Security &out)
    {
        QString s;
        if (!string(o, key, path, s))
            return false;
        if (!o.contains(key))
            return true;
        const auto sec = net::parseSecurity(s);
        if (!sec)
            return fail(path + QLatin1Char('.') + key,
                        QStringLiteral("must be none, starttls or ssl, not '%1'").arg(s));
        out = *sec;
        return true;
    }
};

} // namespace msim::scenario
