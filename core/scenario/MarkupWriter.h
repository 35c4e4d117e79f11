// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QXmlStreamWriter>

#include <initializer_list>
#include <utility>

namespace msim::scenario {

// Markup for report.html and the chunk picture's SVG (DESIGN.md §6 "SVG and HTML are written
// with QXmlStreamWriter"): a QXmlStreamWriter that appends to a QString and escapes every text
// and attribute value, plus what HTML5 needs of it. Every string passes net::printable::text
// first (DESIGN.md §3: control characters shown as \x1b, which XML forbids anyway), so a
// server's text can neither inject markup nor make the document ill-formed. Non-void elements
// are always closed with an end tag (`<td></td>`, never `<td/>`, which HTML would leave open);
// void elements (`meta`, `br`) are written as `<br/>`, which HTML5 reads as `<br>`.
class MarkupWriter
{
public:
    using Attributes = std::initializer_list<std::pair<QString, QString>>;

    // Appends to *out (which must outlive the writer); nothing is written until a call below.
    explicit MarkupWriter(QString *out);

    void doctype(const QString &text); // e.g. "<!DOCTYPE html>"
    void start(const QString &name, Attributes attributes = {});
    void end();                                                // closes the innermost open element
    void attribute(const QString &name, const QString &value); // on the element just started
    void text(const QString &text);                            // escaped character data
    // <name attributes>text</name>, with an end tag even when text is empty.
    void element(const QString &name, const QString &text, Attributes attributes = {});
    // <name attributes/>: a void HTML element or an empty SVG element.
    void empty(const QString &name, Attributes attributes = {});
    void newline() { text(QStringLiteral("\n")); } // between block elements, for the reader
    // The same followed by a newline: the lines of a block element, for the reader.
    void startLine(const QString &name, Attributes attributes = {})
    {
        start(name, attributes);
        newline();
    }
    void endLine()
    {
        end();
        newline();
    }
    void elementLine(const QString &name, const QString &text, Attributes attributes = {})
    {
        element(name, text, attributes);
        newline();
    }

    // What every string becomes before the writer escapes it: net::printable::text with line
    // breaks kept, and U+FFFE / U+FFFF (not characters in XML) as \ufffe.
    static QString clean(const QString &text);

private:
    QXmlStreamWriter m_writer;
};

} // namespace msim::scenario
