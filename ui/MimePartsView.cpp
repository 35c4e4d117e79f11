// SPDX-License-Identifier: MIT
#include "ui/MimePartsView.h"

#include "net/Printable.h"
#include "ui/ItemRoles.h"

#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace msim::ui {

using fetch::PartState;

namespace {

QLabel *line(const QString &name)
{
    auto *l = new QLabel;
    l->setObjectName(name);
    l->setTextFormat(Qt::PlainText); // file names come from customers' messages
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setVisible(false);
    return l;
}

// "Part 2 (pattern.bin)", "Part 1".
QString partName(const fetch::PartDamage &d)
{
    if (d.part.filename.isEmpty())
        return MimePartsView::tr("Part %1").arg(d.part.path);
    return MimePartsView::tr("Part %1 (%2)").arg(d.part.path, net::printable::text(d.part.filename));
}

} // namespace

MimePartsView::MimePartsView(QWidget *parent)
    : QWidget(parent)
    , m_note(line(QStringLiteral("mimeNote")))
    , m_tree(new QTreeView)
    , m_model(new QStandardItemModel(this))
    , m_status(line(QStringLiteral("mimeStatus")))
{
    m_model->setHorizontalHeaderLabels({tr("Part"), tr("What"), tr("State")});
    m_tree->setObjectName(QStringLiteral("mimeParts"));
    m_tree->setModel(m_model);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setUniformRowHeights(true);
    m_tree->setRootIsDecorated(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(PathColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(WhatColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(StateColumn, QHeaderView::ResizeToContents);
    m_tree->setVisible(false);
    auto pick = [this](const QModelIndex &index) {
        if (index.isValid())
            choose(index.siblingAtColumn(PathColumn).data(PartRole).toInt());
    };
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, pick);
    connect(m_tree, &QTreeView::clicked, this, pick); // the same part again, after a scroll
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_note);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_status);
    layout->addStretch(0);
}

void MimePartsView::setNote(const QString &text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

void MimePartsView::clear()
{
    m_model->removeRows(0, m_model->rowCount());
    m_damage.reset();
    m_displayed.clear();
    m_reference.reset();
    m_alignment.reset();
    setNote({});
    m_status->clear();
    m_status->setVisible(false);
    m_tree->setVisible(false);
    Q_EMIT partCleared();
}

void MimePartsView::setMessage(const fetch::MessageOutcome &m, const QString &client)
{
    clear();
    m_client = client;
    if (!m.mime) {
        setNote(m.reference ? tr("Not a MIME message (no MIME-Version or Content-Type header): it "
                                 "has no parts to judge.")
                            : tr("No reference copy: the parts cannot be judged."));
        return;
    }
    m_damage = m.mime;
    m_displayed = m.displayed;
    m_reference = m.reference;
    if (!m.mime->note.isEmpty())
        setNote(net::printable::text(m.mime->note));
    else if (m.mime->parts.isEmpty())
        setNote(tr("No MIME parts were found in the true message."));
    // A part's children follow it; its parent is the path without the last number.
    QHash<QString, QStandardItem *> byPath;
    for (int i = 0; i < m.mime->parts.size(); ++i) {
        const fetch::PartDamage &d = m.mime->parts[i];
        auto *path = new QStandardItem(stateIcon(d.state), d.part.path);
        path->setData(i, PartRole);
        auto *what = new QStandardItem(whatText(d));
        auto *state = new QStandardItem(stateText(d));
        const QString tip = fetch::MimeDamage::describe(d) + QStringLiteral(": ") + stateText(d);
        for (QStandardItem *item : {path, what, state}) {
            item->setToolTip(tip);
            item->setEditable(false);
        }
        const qsizetype dot = d.part.path.lastIndexOf(QLatin1Char('.'));
        QStandardItem *parent = dot > 0 ? byPath.value(d.part.path.left(dot)) : nullptr;
        (parent ? parent : m_model->invisibleRootItem())->appendRow({path, what, state});
        byPath.insert(d.part.path, path);
    }
    m_tree->expandAll();
    m_tree->setVisible(!m.mime->parts.isEmpty());
}

QString MimePartsView::noteText() const
{
    return m_note->text();
}

QString MimePartsView::statusText() const
{
    return m_status->text();
}

bool MimePartsView::selectPath(const QString &path)
{
    const QModelIndexList found =
        m_model->match(m_model->index(0, PathColumn), Qt::DisplayRole, path, 1,
                       Qt::MatchExactly | Qt::MatchRecursive);
    if (found.isEmpty())
        return false;
    m_tree->setCurrentIndex(found.first());
    choose(found.first().data(PartRole).toInt());
    return true;
}

void MimePartsView::choose(int index)
{
    if (!m_damage || index < 0 || index >= m_damage->parts.size())
        return;
    const fetch::PartDamage &d = m_damage->parts[index];
    const fetch::Range reference{d.part.offset, d.part.end()};
    QString where = tr("%1: %2 octets at offset %3 of the true message")
                        .arg(partName(d))
                        .arg(d.part.length)
                        .arg(d.part.offset);
    if (!m_reference) {
        m_status->setText(where + tr("; without the reference copy msim cannot tell where %1 "
                                     "displayed it.")
                                      .arg(m_client));
        m_status->setVisible(true);
        Q_EMIT partSelected(reference, std::nullopt);
        return;
    }
    if (!m_alignment)
        m_alignment = fetch::Alignment::of(m_displayed, *m_reference);
    const QList<fetch::Range> shown = displayedRanges(*m_alignment, reference.begin, reference.end);
    qint64 octets = 0;
    for (const fetch::Range &r : shown)
        octets += r.end - r.begin;
    if (shown.isEmpty())
        where = tr("%1 is not in what %2 displayed: only the true message's %3 octets at offset "
                   "%4 are selected.")
                    .arg(partName(d), m_client)
                    .arg(d.part.length)
                    .arg(d.part.offset);
    else if (shown.size() == 1)
        where += tr("; %1 displayed %2 of them, at its offset %3.")
                     .arg(m_client)
                     .arg(octets)
                     .arg(shown.first().begin);
    else
        where += tr("; %1 displayed them in %2 stretches (%3 octets); the first, at its offset %4, "
                    "is selected.")
                     .arg(m_client)
                     .arg(shown.size())
                     .arg(octets)
                     .arg(shown.first().begin);
    m_status->setText(where);
    m_status->setVisible(true);
    Q_EMIT partSelected(reference, shown.isEmpty() ? std::nullopt
                                                   : std::optional<fetch::Range>(shown.first()));
}

QList<fetch::Range> MimePartsView::displayedRanges(const fetch::Alignment &a, qint64 from,
                                                   qint64 to)
{
    QList<fetch::Range> found;
    for (const fetch::Alignment::Run &run : a.runs) {
        const qint64 lo = std::max(from, run.reference);
        const qint64 hi = std::min(to, run.reference + run.length);
        if (lo < hi)
            found.append({run.displayed + (lo - run.reference), run.displayed + (hi - run.reference)});
    }
    std::sort(found.begin(), found.end(), [](const fetch::Range &x, const fetch::Range &y) {
        return x.begin < y.begin;
    });
    QList<fetch::Range> out;
    for (const fetch::Range &r : found) {
        if (!out.isEmpty() && out.last().end == r.begin)
            out.last().end = r.end;
        else
            out.append(r);
    }
    return out;
}

QString MimePartsView::stateText(const fetch::PartDamage &d)
{
    if (d.state == PartState::Cut)
        return tr("cut · %1 %").arg(d.percentKept());
    return fetch::kPartStateNames.name(d.state);
}

QString MimePartsView::whatText(const fetch::PartDamage &d)
{
    const fetch::MimePart &p = d.part;
    const QString type = QString::fromLatin1(p.contentType);
    if (p.container)
        return type;
    const bool text = p.contentType.startsWith("text/") && p.disposition != "attachment";
    const QString size = text && d.characters ? tr("%1 characters").arg(*d.characters)
                                              : fetch::MimeDamage::size(d.decodedLength);
    QString name = net::printable::text(p.filename);
    if (name.isEmpty())
        name = text ? tr("text part")
                    : p.contentType.startsWith("image/") ? tr("inline image") : tr("part");
    return QStringLiteral("%1 (%2, %3)").arg(name, type, size);
}

QIcon MimePartsView::stateIcon(PartState state)
{
    QPixmap pm(16, 16);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF box(2, 2, 12, 12);
    switch (state) {
    case PartState::Intact: // a filled green disc with a tick
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x2e, 0x7d, 0x32));
        p.drawEllipse(box);
        p.setPen(QPen(Qt::white, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(QPolygonF({{5, 8.5}, {7.2, 10.8}, {11, 5.5}}));
        break;
    case PartState::Cut: { // an orange disc, its right half gone
        p.setPen(QPen(QColor(0xe6, 0x51, 0x00), 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(box);
        QPainterPath half;
        half.moveTo(8, 2);
        half.arcTo(box, 90, 180);
        half.closeSubpath();
        p.fillPath(half, QColor(0xe6, 0x51, 0x00));
        break;
    }
    case PartState::Missing: // a dashed red ring with a cross
        p.setPen(QPen(QColor(0xc6, 0x28, 0x28), 1.5, Qt::DashLine));
        p.drawEllipse(box);
        p.setPen(QPen(QColor(0xc6, 0x28, 0x28), 2, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(5.5, 5.5), QPointF(10.5, 10.5));
        p.drawLine(QPointF(10.5, 5.5), QPointF(5.5, 10.5));
        break;
    case PartState::Duplicated: // two overlapping squares
        p.setPen(QPen(QColor(0xef, 0x6c, 0x00), 1.5));
        p.setBrush(QColor(0xff, 0xcc, 0x80));
        p.drawRect(QRectF(1.5, 1.5, 8.5, 8.5));
        p.drawRect(QRectF(6, 6, 8.5, 8.5));
        break;
    case PartState::Changed: // a purple triangle with an exclamation mark
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x6a, 0x1b, 0x9a));
        p.drawPolygon(QPolygonF({{8, 1.5}, {15, 14.5}, {1, 14.5}}));
        p.setPen(QPen(Qt::white, 2, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(8, 6), QPointF(8, 9.5));
        p.drawPoint(QPointF(8, 12.3));
        break;
    }
    p.end();
    return QIcon(pm);
}

} // namespace msim::ui
