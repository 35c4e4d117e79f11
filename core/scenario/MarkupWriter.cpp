// SPDX-License-Identifier: MIT
#include "scenario/MarkupWriter.h"

#include "net/Printable.h"

namespace msim::scenario {

MarkupWriter::MarkupWriter(QString *out)
    : m_writer(out)
{}

void MarkupWriter::doctype(const QString &text)
{
    m_writer.writeDTD(text);
    newline();
}

void MarkupWriter::start(const QString &name, Attributes attributes)
{
    m_writer.writeStartElement(name);
    for (const auto &[key, value] : attributes)
        attribute(key, value);
}

void MarkupWriter::end()
{
    // An element without content would be written as <name/>; HTML needs the end tag.
    m_writer.writeCharacters(QString());
    m_writer.writeEndElement();
}

void MarkupWriter::attribute(const QString &name, const QString &value)
{
    m_writer.writeAttribute(name, clean(value));
}

void MarkupWriter::text(const QString &text)
{
    m_writer.writeCharacters(clean(text));
}

void MarkupWriter::element(const QString &name, const QString &content, Attributes attributes)
{
    start(name, attributes);
    text(content);
    end();
}

void MarkupWriter::empty(const QString &name, Attributes attributes)
{
    m_writer.writeEmptyElement(name);
    for (const auto &[key, value] : attributes)
        attribute(key, value);
}

QString MarkupWriter::clean(const QString &raw)
{
    QString out = net::printable::text(raw, net::printable::Breaks::Keep);
    for (const char16_t bad : {u'\xfffe', u'\xffff'})
        out.replace(QChar(bad), QStringLiteral("\\u%1").arg(int(bad), 4, 16, QLatin1Char('0')));
    return out;
}

} // namespace msim::scenario
