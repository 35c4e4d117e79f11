// SPDX-License-Identifier: MIT
#include "ManPage.h"

namespace msim::app {

namespace {

// A macro's argument (.TH, .SH, .SS): a double quote would end it early.
QString macroArgument(const QString &text)
{
    QString out = ManPage::escape(text);
    out.replace(u'"', QStringLiteral("\\(dq"));
    return out;
}

} // namespace

ManPage::ManPage(const QString &name, int section, const QString &source, const QString &manual)
{
    m_text = QStringLiteral(".TH %1 %2 \"\" \"%3\" \"%4\"\n")
                 .arg(macroArgument(name.toUpper()), QString::number(section),
                      macroArgument(source), macroArgument(manual));
}

QString ManPage::escape(const QString &text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (c == u'\\')
            out += QStringLiteral("\\e");
        else if (c == u'-')
            out += QStringLiteral("\\-");
        else
            out += c;
    }
    // A line starting with "." or "'" would be read as a request.
    QStringList lines = out.split(u'\n');
    for (QString &line : lines) {
        if (line.startsWith(u'.') || line.startsWith(u'\''))
            line.prepend(QStringLiteral("\\&"));
    }
    return lines.join(u'\n');
}

void ManPage::section(const QString &heading)
{
    m_text += QStringLiteral(".SH \"") + macroArgument(heading.toUpper()) + QStringLiteral("\"\n");
}

void ManPage::subsection(const QString &heading)
{
    m_text += QStringLiteral(".SS \"") + macroArgument(heading) + QStringLiteral("\"\n");
}

void ManPage::paragraph(const QString &text)
{
    // Filled text: one source line per sentence-ish line of the input, blank lines dropped
    // (a blank line in roff is a paragraph break of its own).
    QStringList lines;
    for (const QString &line : text.split(u'\n')) {
        const QString t = line.trimmed();
        if (!t.isEmpty())
            lines << escape(t);
    }
    m_text += QStringLiteral(".PP\n") + lines.join(u'\n') + u'\n';
}

void ManPage::verbatim(const QString &text)
{
    QString body = text;
    while (body.endsWith(u'\n'))
        body.chop(1);
    m_text += QStringLiteral(".PP\n.nf\n") + escape(body) + QStringLiteral("\n.fi\n");
}

void ManPage::tagged(const QString &tag, const QString &argument, const QString &text)
{
    m_text += QStringLiteral(".TP\n\\fB") + escape(tag) + QStringLiteral("\\fR");
    if (!argument.isEmpty())
        m_text += QStringLiteral(" \\fI") + escape(argument) + QStringLiteral("\\fR");
    m_text += u'\n';
    QStringList lines;
    for (const QString &line : text.split(u'\n')) {
        const QString t = line.trimmed();
        if (!t.isEmpty())
            lines << escape(t);
    }
    m_text += lines.join(u'\n') + u'\n';
}

QString ManPage::text() const
{
    return m_text;
}

} // namespace msim::app
