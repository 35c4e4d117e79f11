// SPDX-License-Identifier: MIT
#include "prefs/Prefs.h"

#include "prefs/PrefCheck.h"
#include "prefs/PrefRegistry.h"
#include "prefs/PrefsJs.h"

#include "net/Printable.h"

#include <QHash>

#include <algorithm>
#include <limits>
#include <optional>

namespace msim::prefs {

namespace {

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
        return fail(error, PrefCheck::unknownPrefMessage(name));
    QString why;
    std::optional<QVariant> normal = PrefCheck::normalise(*t.info, t.key, value, &why);
    if (!normal)
        return fail(error, aliasError(t, why));
    if (!t.alias.isEmpty()) {
        if (m_user.contains(t.key) && !m_fromAlias.contains(t.key)) {
            note(warning, aliasIgnoredMessage(t, 0));
            return true;
        }
        m_user.insert(t.key, *normal);
        m_fromAlias.insert(t.key);
        // Written back under the name it was given by, as a customer's file would have it.
        PrefsJsStatement statement;
        statement.name = t.alias;
        statement.value = *normal;
        keep(statement);
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
        return fail(error, PrefCheck::unknownPrefMessage(name));

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
        const std::optional<qint64> v = PrefCheck::parseDecimal(digits, &overflow);
        if (!v) {
            return fail(error,
                        aliasError(t, t.key +
                                          QStringLiteral(" is an integer pref: write a decimal "
                                                         "number such as ") +
                                          t.info->defaultValue.toString() +
                                          QStringLiteral(", not ") + quoted(digits)));
        }
        if (overflow)
            return fail(error, aliasError(t, PrefCheck::rangeMessage(t.key, digits.toString())));
        return set(name, QVariant(qlonglong(*v)), error, warning);
    }
    case PrefType::String: {
        const QStringView trimmed = text.trimmed();
        if (trimmed.size() >= 2 && trimmed.startsWith(u'"') && trimmed.endsWith(u'"')) {
            // The prefs.js reader unescapes it exactly as it would in a file.
            const QByteArray statement = QByteArray("user_pref(\"x\", " + trimmed.toUtf8() + ");");
            const PrefsJsReadResult read = PrefsJs::parse(statement);
            if (read.statements.size() != 1 || !read.issues.isEmpty()) {
                return fail(
                    error,
                    aliasError(
                        t, t.key + QStringLiteral(": bad quoted string ") + quoted(trimmed) +
                               (read.issues.isEmpty()
                                    ? QString()
                                    : QStringLiteral(" (") + read.issues.first().message + u')')));
            }
            return set(name, read.statements.first().value, error, warning);
        }
        return set(name, text.toString(), error, warning);
    }
    }
    return false;
}

namespace {

// A string as prefs.js writes it between quotes: backslash and quote escaped.
QString jsEscaped(const QString &text)
{
    QString out = text;
    out.replace(u'\\', QStringLiteral("\\\\"));
    out.replace(u'"', QStringLiteral("\\\""));
    return out;
}

} // namespace

QString Prefs::setText(const QVariant &value)
{
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.typeId() != QMetaType::QString)
        return QString::number(value.toLongLong());
    const QString text = value.toString();
    const bool asIs = text == text.trimmed() && !text.startsWith(u'"');
    if (asIs)
        return text;
    QString quoted = jsEscaped(text);
    quoted.replace(u'\n', QStringLiteral("\\n"));
    quoted.replace(u'\r', QStringLiteral("\\r"));
    return u'"' + quoted + u'"';
}

QString Prefs::displayText(const QVariant &value)
{
    if (value.typeId() == QMetaType::QString)
        return u'"' + net::printable::text(jsEscaped(value.toString())) + u'"';
    return setText(value);
}

void Prefs::reset(QStringView name)
{
    const Target t = resolve(name, false);
    if (!t.info)
        return;
    m_user.remove(t.key);
    m_fromAlias.remove(t.key);
    m_form.remove(t.key);
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

void Prefs::keep(const PrefsJsStatement &statement)
{
    // Constant time per statement (a file may hold kMaxPrefs of them): an index by key.
    const QString key = statement.key();
    const auto at = m_keptIndex.constFind(key);
    if (at != m_keptIndex.cend()) {
        m_kept[*at] = statement;
        return;
    }
    m_keptIndex.insert(key, m_kept.size());
    m_kept.append(statement);
}

void Prefs::dropKept(const QString &key)
{
    const auto at = m_keptIndex.constFind(key);
    if (at == m_keptIndex.cend())
        return;
    m_kept.removeAt(*at);
    m_keptIndex.clear();
    for (qsizetype i = 0; i < m_kept.size(); ++i)
        m_keptIndex.insert(m_kept[i].key(), i);
}

void Prefs::restoreKept(const QList<PrefsJsStatement> &kept, bool latin1)
{
    for (const PrefsJsStatement &s : kept)
        keep(s);
    m_latin1 = latin1;
}

QList<PrefsJsStatement> Prefs::statements() const
{
    QList<PrefsJsStatement> out;
    QSet<QString> written; // PrefsJsStatement::key() of what a current value writes
    for (auto it = m_user.cbegin(); it != m_user.cend(); ++it) {
        if (m_fromAlias.contains(it.key()))
            continue;
        PrefsJsStatement s = m_form.value(it.key());
        if (s.value != it.value()) {
            s.bytes.clear(); // a new value: written from its text, not the file's octets
            s.literal.clear();
        }
        s.name = it.key();
        s.nameBytes.clear();
        s.value = it.value();
        written.insert(s.key());
        out.append(std::move(s));
    }
    for (const PrefsJsStatement &k : m_kept) {
        if (!written.contains(k.key()))
            out.append(k);
    }
    return out;
}

QString Prefs::ApplyReport::summary() const
{
    const auto count = [](int n, const char *one, const char *many) -> QString {
        return QString::number(n) + u' ' + QLatin1String(n == 1 ? one : many);
    };
    QString line = QStringLiteral("read ") + count(read, "pref", "prefs") + QStringLiteral(": ") +
                   QString::number(used) + QStringLiteral(" used by msim, ") +
                   QString::number(kept) + QStringLiteral(" kept unchanged, ") +
                   count(problems, "problem", "problems");
    if (!encoding.isEmpty())
        line += QStringLiteral(" (") + encoding + u')';
    return line;
}

Prefs::ApplyReport Prefs::apply(const PrefsJsReadResult &read)
{
    ApplyReport report;
    report.issues = read.issues;
    report.encoding = read.encoding;
    m_latin1 = read.latin1;

    // A second statement with the same function and name: the last wins (as when 4.x ran the
    // file), in the place of the first.
    QList<const PrefsJsStatement *> unique;
    QHash<QString, qsizetype> seen;
    for (const PrefsJsStatement &s : read.statements) {
        const QString key = s.key();
        const auto at = seen.constFind(key);
        if (at == seen.cend()) {
            seen.insert(key, unique.size());
            unique.append(&s);
            continue;
        }
        report.issues.append({s.line,
                              PrefsJsStatement::functionName(s.function) + QStringLiteral("(\"") +
                                  net::printable::text(s.name) +
                                  QStringLiteral("\") is also on line ") +
                                  QString::number(unique[*at]->line) +
                                  QStringLiteral("; the last one wins, as when 4.x ran the file, "
                                                 "and only it is kept"),
                              s.text, PrefsJsIssue::Severity::Warning});
        unique[*at] = &s;
    }
    report.read = int(unique.size());
    for (const PrefsJsIssue &issue : read.issues) {
        if (!issue.isWarning() && issue.line > 0 && !report.unreadLines.contains(issue.line))
            report.unreadLines.append(issue.line);
    }

    // Where the file sets a pref that has an alias by its own name, with a value of its type:
    // that value wins over any alias statement, before or after it (the last such line).
    QMap<QString, int> ownNameLine;
    for (const auto &alias : PrefRegistry::aliases()) {
        const PrefInfo *info = PrefRegistry::find(alias.second);
        for (const PrefsJsStatement *s : std::as_const(unique)) {
            if (info && s->name == info->name &&
                PrefCheck::normalise(*info, info->name, s->value, nullptr))
                ownNameLine.insert(info->name, s->line);
        }
    }

    // The statement that decides each pref msim uses: the strongest kind, then the last.
    QMap<QString, const PrefsJsStatement *> decides;
    QList<const PrefsJsStatement *> order; // deciding statements in file order
    for (const PrefsJsStatement *s : std::as_const(unique)) {
        const Target t = resolve(s->name, true);
        if (!t.info) {
            keep(*s);
            continue;
        }
        QString why;
        const bool typed = PrefCheck::normalise(*t.info, t.key, s->value, &why).has_value();
        // An alias whose current name this file, or an earlier source, sets by its own name.
        const bool ownNameWins =
            !t.alias.isEmpty() && (ownNameLine.contains(t.key) ||
                                   (m_user.contains(t.key) && !m_fromAlias.contains(t.key)));
        if (!typed || ownNameWins) {
            report.issues.append(
                {s->line,
                 typed ? aliasIgnoredMessage(t, ownNameLine.value(t.key)) : aliasError(t, why),
                 s->text, typed ? PrefsJsIssue::Severity::Warning : PrefsJsIssue::Severity::Error});
            keep(*s);
            continue;
        }
        const PrefsJsStatement *current = decides.value(t.key);
        if (current && current->rank() > s->rank()) {
            keep(*s);
            continue;
        }
        if (current) {
            keep(*current);
            order.removeOne(current);
        }
        decides.insert(t.key, s);
        order.append(s);
    }
    for (const PrefsJsStatement *s : std::as_const(order)) {
        QString error;
        QString warning;
        const Target t = resolve(s->name, true);
        if (!t.alias.isEmpty()) {
            // set() keeps a user_pref form of it, in the place of any user_pref statement of
            // that name kept above (one a lockPref overrode): the file's own statements stay.
            PrefsJsStatement made;
            made.name = s->name;
            const auto earlier = m_keptIndex.constFind(made.key());
            const std::optional<PrefsJsStatement> overridden =
                earlier == m_keptIndex.cend() ? std::nullopt
                                              : std::optional<PrefsJsStatement>(m_kept[*earlier]);
            set(s->name, s->value, &error, &warning); // type-checked above: cannot fail
            dropKept(made.key());
            if (overridden)
                keep(*overridden);
            keep(*s);
            report.issues.append({s->line, warning, s->text, PrefsJsIssue::Severity::Warning});
        } else {
            set(s->name, s->value, &error, &warning);
            m_form.insert(t.key, *s);
        }
        ++report.used;
        report.usedLines.append({t.key, s->line});
    }
    report.kept = report.read - report.used;

    // Line order; the file-wide issues (line 0: too large, too many issues) last; each once.
    const auto key = [](const PrefsJsIssue &issue) {
        return issue.line > 0 ? issue.line : std::numeric_limits<int>::max();
    };
    std::stable_sort(report.issues.begin(), report.issues.end(),
                     [&](const PrefsJsIssue &a, const PrefsJsIssue &b) { return key(a) < key(b); });
    QSet<QString> said;
    report.issues.removeIf([&](const PrefsJsIssue &issue) {
        const QString id = QString::number(issue.line) + u' ' + issue.message;
        if (said.contains(id))
            return true;
        said.insert(id);
        return false;
    });
    report.problems =
        int(report.issues.size()) + read.unlistedIssues - (read.unlistedIssues > 0 ? 1 : 0);
    return report;
}

} // namespace msim::prefs
