// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/FetchOutcome.h"

#include <QIcon>
#include <QWidget>

#include <optional>

class QLabel;
class QStandardItemModel;
class QTreeView;

namespace msim::ui {

// The MIME parts of the true message beside the two texts of the message view (issue 19, DESIGN.md
// §4 `mime`): one row per part of fetch::MimeDamage (path "1", "2", "2.1", a container's children
// nested under it), what it is (file name or "text part", content type, size), and its state
// against what the emulated client displayed (intact, cut with the percentage kept, missing,
// duplicated, changed), each state with its own icon shape and its word. Without MimeDamage a
// line says why (no reference copy, or the note "not parseable as MIME: …"). Choosing a part
// emits where its octets are in the true message and where the displayed octets show them
// (matched by fetch::Alignment, as MimeDamage matched them), and says in a status line when the
// display does not show it at all.
class MimePartsView : public QWidget
{
    Q_OBJECT
public:
    enum Column { PathColumn, WhatColumn, StateColumn, ColumnCount };

    explicit MimePartsView(QWidget *parent = nullptr);

    // The parts of `m` (m.mime); `client` names the displaying client in sentences.
    void setMessage(const fetch::MessageOutcome &m, const QString &client);
    void clear(); // no message: no rows, no line

    QStandardItemModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    // The line shown instead of rows ("No reference copy: …", the MIME note), or "".
    QString noteText() const;
    // What the selected part is and where the texts show it, or "".
    QString statusText() const;
    // Selects the part with `path` ("2.1") as a click does; false when there is none.
    bool selectPath(const QString &path);

    // The displayed octets that show the reference octets [from, to) under `a`: displayed
    // ranges in display order, touching ones merged; empty when none is shown.
    static QList<fetch::Range> displayedRanges(const fetch::Alignment &a, qint64 from, qint64 to);
    // The state column's words: "intact", "cut · 11 %", "missing", "duplicated", "changed".
    static QString stateText(const fetch::PartDamage &d);
    // The what column: "pattern.bin (application/octet-stream, 12 kB)", "text part (text/plain,
    // 400 characters)", "multipart/alternative".
    static QString whatText(const fetch::PartDamage &d);
    // An icon per state, told apart by shape as well as colour (16 px, drawn with QPainter).
    static QIcon stateIcon(fetch::PartState state);

Q_SIGNALS:
    // A part was chosen: its octets in the true message, and the first stretch of the
    // displayed octets that shows them (nullopt when the display does not show it).
    void partSelected(fetch::Range reference, std::optional<fetch::Range> displayed);
    // The selection went away (another message, no message).
    void partCleared();

private:
    void choose(int index); // an index into m_damage->parts
    void setNote(const QString &text);

    QLabel *m_note;
    QTreeView *m_tree;
    QStandardItemModel *m_model;
    QLabel *m_status;
    QString m_client;
    std::optional<fetch::MimeDamage> m_damage;
    QByteArray m_displayed;
    std::optional<QByteArray> m_reference;
    std::optional<fetch::Alignment> m_alignment; // made on the first choice, then kept
};

} // namespace msim::ui
