// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QLatin1StringView>
#include <QString>
#include <QStringList>

#include <array>
#include <cstddef>
#include <optional>

namespace msim::net {

// One value of an enum and its one spelling (JSON, text output, scenario files, options).
template<typename Enum>
struct EnumName
{
    Enum value;
    const char *name; // Latin-1, static
};

// The one name table of an enum (DESIGN.md §2: "each enum has one name table used for JSON,
// text and parsing"). Each entry pairs a value with its name, so reordering the enum cannot
// shift the names, as an index-based table would. Made with nameTable() below; constexpr.
template<typename Enum, std::size_t N>
struct NameTable
{
    std::array<EnumName<Enum>, N> entries;

    // The name of `value`; "" (never null) for a value the table does not list.
    constexpr const char *key(Enum value) const
    {
        for (const EnumName<Enum> &e : entries) {
            if (e.value == value)
                return e.name;
        }
        return "";
    }
    QString name(Enum value) const { return QString::fromLatin1(key(value)); }
    // The value spelled exactly `text` (case-sensitive), or nullopt.
    std::optional<Enum> parse(QStringView text) const
    {
        for (const EnumName<Enum> &e : entries) {
            if (text == QLatin1StringView(e.name))
                return e.value;
        }
        return std::nullopt;
    }
    std::optional<Enum> parse(QByteArrayView latin1) const
    {
        for (const EnumName<Enum> &e : entries) {
            if (latin1 == QByteArrayView(e.name))
                return e.value;
        }
        return std::nullopt;
    }
    // Every name, in table order.
    QStringList names() const
    {
        QStringList out;
        for (const EnumName<Enum> &e : entries)
            out << QString::fromLatin1(e.name);
        return out;
    }
};

// nameTable<Verdict>({{Verdict::Complete, "complete"}, ...}): N is counted from the list.
template<typename Enum, std::size_t N>
constexpr NameTable<Enum, N> nameTable(const EnumName<Enum> (&entries)[N])
{
    NameTable<Enum, N> table{};
    for (std::size_t i = 0; i < N; ++i)
        table.entries[i] = entries[i];
    return table;
}

} // namespace msim::net
