// SPDX-License-Identifier: MIT
#include "ui/SettingsPane.h"

#include "prefs/PrefRegistry.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"
#include "ui/ItemRoles.h"
#include "ui/PrefValueDelegate.h"
#include "ui/PrefsMessages.h"
#include "ui/PrefsModel.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPalette>
#include <QPushButton>
#include <QScrollArea>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace msim::ui {

namespace {

using prefs::PrefInfo;
using prefs::PrefRegistry;

// Problems in the message area: a dark red, or a light one on a dark palette.
const QColor kProblemText(160, 20, 20);
const QColor kProblemTextOnDark(255, 140, 140);

// A narrower Description column would wrap every description over many lines; below this the
// column is hidden and the current pref's description is shown under the tree instead.
constexpr int kMinDescriptionWidth = 180;
constexpr int kDescriptionHysteresis = 40;

// Text as the filter compares it: "_" and "." read as spaces.
QString searchable(QString text)
{
    return text.replace(u'_', u' ').replace(u'.', u' ');
}

} // namespace

SettingsPane::SettingsPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new PrefsModel(this))
{
    // Preset box, its description, and "Reset to preset".
    m_presetBox = new QComboBox(this);
    m_presetBox->setObjectName(QStringLiteral("presetBox"));
    const QStringList presets = prefs::Presets::names();
    for (int i = 0; i < presets.size(); ++i) {
        m_presetBox->addItem(presets[i]);
        m_presetBox->setItemData(i, prefs::Presets::description(presets[i]), Qt::ToolTipRole);
    }
    m_presetBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *presetLabel = new QLabel(QStringLiteral("&Preset:"), this);
    presetLabel->setBuddy(m_presetBox);
    m_resetButton = new QPushButton(QStringLiteral("Reset to preset"), this);
    m_resetButton->setObjectName(QStringLiteral("resetButton"));
    m_resetButton->setToolTip(QStringLiteral("Set every pref back to the chosen preset"));
    m_presetInfo = new QLabel(this);
    m_presetInfo->setObjectName(QStringLiteral("presetInfo"));
    m_presetInfo->setTextFormat(Qt::PlainText);
    m_presetInfo->setWordWrap(true);

    // Filter and tree.
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(QStringLiteral("Find a pref by name or description"));
    m_filter->setClearButtonEnabled(true);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("prefsView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new PrefValueDelegate(m_view));
    m_view->setWordWrap(true);
    m_view->setUniformRowHeights(false);
    m_view->setAllColumnsShowFocus(true);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::SelectedClicked);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(PrefsModel::NameColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(PrefsModel::ValueColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(PrefsModel::DefaultColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(PrefsModel::DescriptionColumn, QHeaderView::Stretch);
    m_view->setTextElideMode(Qt::ElideMiddle);
    for (int g = 0; g < m_model->rowCount(); ++g)
        m_view->setFirstColumnSpanned(g, QModelIndex(), true);
    m_view->expandAll();

    // The current pref's description, when the pane is too narrow for the Description column.
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("details"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setWordWrap(true);
    m_details->hide();

    // Import, export.
    m_importButton = new QPushButton(QStringLiteral("Import prefs.js…"), this);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_importButton->setToolTip(
        QStringLiteral("Apply a Netscape prefs.js (a customer's) over the values shown"));
    m_exportButton = new QPushButton(QStringLiteral("Export prefs.js…"), this);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setToolTip(
        QStringLiteral("Write the user-set values as a Netscape 4.x prefs.js"));

    // The 4.5 rule and "Apply and fetch again".
    auto *noteFrame = new QFrame(this);
    noteFrame->setFrameShape(QFrame::StyledPanel);
    m_note = new QLabel(QStringLiteral("As in Messenger 4.5, new values apply to new connections: "
                                       "the next fetch uses them."),
                        noteFrame);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setWordWrap(true);
    m_applyButton = new QPushButton(QStringLiteral("Apply and fetch again"), noteFrame);
    m_applyButton->setObjectName(QStringLiteral("applyButton"));
    m_applyButton->setToolTip(
        QStringLiteral("Fetch the current message again on a new connection with these values"));

    // What the last action did.
    m_messageArea = new QLabel(this);
    m_messageArea->setObjectName(QStringLiteral("messageArea"));
    m_messageArea->setTextFormat(Qt::PlainText);
    m_messageArea->setWordWrap(true);
    m_messageArea->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageArea->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_messageArea->hide();
    m_undoButton = new QPushButton(QStringLiteral("Undo"), this);
    m_undoButton->setObjectName(QStringLiteral("undoButton"));
    m_undoButton->setToolTip(QStringLiteral("Put back the values the preset replaced"));
    m_undoButton->hide();

    auto *presetRow = new QHBoxLayout;
    presetRow->addWidget(presetLabel);
    presetRow->addWidget(m_presetBox);
    presetRow->addWidget(m_resetButton);
    presetRow->addStretch(1);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_importButton);
    fileRow->addWidget(m_exportButton);
    fileRow->addStretch(1);

    // The note takes the frame's whole width above its button (beside it, a narrow dock wrapped
    // it into five lines).
    auto *noteRow = new QVBoxLayout(noteFrame);
    noteRow->addWidget(m_note);
    noteRow->addWidget(m_applyButton, 0, Qt::AlignRight);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(presetRow);
    layout->addWidget(m_presetInfo);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_details);
    layout->addLayout(fileRow);
    layout->addWidget(noteFrame);
    // A long message (an import's problems, what a preset replaced) scrolls in a few lines
    // rather than squeezing the prefs out of a small dock.
    auto *messageScroll = m_messageScroll = new QScrollArea(this);
    messageScroll->setObjectName(QStringLiteral("messageScroll"));
    messageScroll->setWidget(m_messageArea);
    messageScroll->setWidgetResizable(true);
    messageScroll->setFrameShape(QFrame::NoFrame);
    messageScroll->setMaximumHeight(fontMetrics().lineSpacing() * kMessageLines + 8);
    messageScroll->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto *messageRow = new QHBoxLayout;
    messageRow->addWidget(messageScroll, 1);
    messageRow->addWidget(m_undoButton, 0, Qt::AlignTop);
    layout->addLayout(messageRow);
    messageScroll->hide();

    connect(m_presetBox, &QComboBox::activated, this,
            [this](int i) { resetToPreset(m_presetBox->itemText(i), QStringLiteral("Preset")); });
    connect(m_resetButton, &QPushButton::clicked, this,
            [this] { resetToPreset(m_presetName, QStringLiteral("Reset to preset")); });
    connect(m_filter, &QLineEdit::textChanged, this, &SettingsPane::applyFilter);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SettingsPane::updateDetails);
    m_view->viewport()->installEventFilter(this);
    // Descriptions wrap: the rows' heights follow the Description column's width. Queued, so
    // the header has settled; only on a real change of width, so it cannot loop.
    connect(
        header, &QHeaderView::sectionResized, this,
        [this](int section, int, int width) {
            if (section == PrefsModel::DescriptionColumn && width != m_descriptionWidth) {
                m_descriptionWidth = width;
                m_view->doItemsLayout();
            }
        },
        Qt::QueuedConnection);
    connect(m_importButton, &QPushButton::clicked, this, &SettingsPane::importClicked);
    connect(m_exportButton, &QPushButton::clicked, this, &SettingsPane::exportClicked);
    connect(m_applyButton, &QPushButton::clicked, this, &SettingsPane::applyAndFetchRequested);
    connect(m_undoButton, &QPushButton::clicked, this, &SettingsPane::undoPreset);
    connect(m_model, &PrefsModel::prefEdited, this, &SettingsPane::onPrefEdited);
    connect(m_model, &PrefsModel::errorOccurred, this, [this] { onEditRejected(m_model->errorString()); });

    setPrefs(prefs::Prefs(), QStringLiteral("messenger45"));
}

void SettingsPane::setPrefs(const prefs::Prefs &prefs, const QString &presetName)
{
    m_presetName = presetName;
    m_presetBox->setCurrentIndex(m_presetBox->findText(presetName));
    m_resetButton->setEnabled(m_presetBox->currentIndex() >= 0);
    m_model->setPrefs(prefs);
    updatePresetInfo();
}

prefs::Prefs SettingsPane::prefs() const
{
    return m_model->prefs();
}

QString SettingsPane::presetName() const
{
    return m_presetName;
}

PrefsModel *SettingsPane::model() const
{
    return m_model;
}

bool SettingsPane::setValue(const QString &name, const QVariant &value)
{
    return m_model->setValue(name, value);
}

bool SettingsPane::applyWorkaround(const QStringList &sets)
{
    for (const QString &set : sets) {
        const qsizetype eq = set.indexOf(QLatin1Char('='));
        if (eq <= 0 || !setValue(set.left(eq).trimmed(), set.mid(eq + 1).trimmed()))
            return false; // the model said why (onEditRejected)
    }
    Q_EMIT applyAndFetchRequested();
    return true;
}

bool SettingsPane::choosePreset(const QString &name)
{
    const int i = m_presetBox->findText(name);
    if (i < 0) {
        QString error;
        prefs::Presets::make(name, &error);
        showMessages({error}, true);
        Q_EMIT message(error);
        return false;
    }
    m_presetBox->setCurrentIndex(i);
    resetToPreset(name, QStringLiteral("Preset"));
    return true;
}

void SettingsPane::resetToPreset(const QString &name, const QString &verb)
{
    std::optional<prefs::Prefs> preset = prefs::Presets::make(name, nullptr);
    if (!preset)
        return; // the box only lists presets; the reset button is off for an unknown name
    // The imported file's other prefs stay, to be written back on Export.
    const prefs::Prefs shown = m_model->prefs();
    preset->restoreKept(shown.kept(), shown.writesLatin1());
    // Values the user set or imported (those that differ from the preset they were set over)
    // are never dropped silently: said, and Undo brings them back.
    const std::optional<prefs::Prefs> base = prefs::Presets::make(m_presetName, nullptr);
    QStringList lost;
    for (const QString &n : PrefsMessages::differing(shown, *preset)) {
        if (!base || shown.value(n) != base->value(n))
            lost << n;
    }
    std::optional<Undo> undo;
    QStringList lines{PrefsMessages::presetChosen(verb, name)};
    if (!lost.isEmpty()) {
        undo = Undo{shown, m_presetName, m_valuesFrom};
        lines << PrefsMessages::replaced(verb, name, lost, shown, *preset, m_valuesFrom);
    }
    setPrefs(*preset, name);
    m_valuesFrom.clear();
    showMessages(lines, false);
    m_undo = undo;
    m_undoButton->setVisible(m_undo.has_value());
    changed(lines.last());
}

bool SettingsPane::undoPreset()
{
    if (!m_undo)
        return false;
    const Undo undo = *m_undo;
    setPrefs(undo.prefs, undo.presetName);
    m_valuesFrom = undo.valuesFrom;
    const QString line = QStringLiteral("Undone: the values before the preset are back. ") +
                         PrefsMessages::nextFetch();
    showMessages({line}, false);
    changed(line);
    return true;
}

bool SettingsPane::importFile(const QString &path)
{
    m_lastFolder = QFileInfo(path).absolutePath();
    QString error;
    const std::optional<prefs::PrefsJsReadResult> read = prefs::PrefsJs::readFile(path, &error);
    if (!read) {
        const QString line = PrefsMessages::couldNot(QStringLiteral("import"), path, error);
        showMessages({line}, true);
        Q_EMIT message(line);
        return false;
    }
    // The customer's file alone decides: it is read over the 4.x defaults (the messenger45
    // preset), never over the values shown, so no preset's value leaks into it.
    const QString base = QStringLiteral("messenger45");
    prefs::Prefs next = prefs::Presets::make(base, nullptr).value_or(prefs::Prefs());
    const prefs::Prefs::ApplyReport report = next.apply(*read);
    m_importedPath = QFileInfo(path).absoluteFilePath();
    m_valuesFrom = QStringLiteral("imported from ") + QDir::toNativeSeparators(m_importedPath);
    setPrefs(next, base);

    const QStringList lines = PrefsMessages::imported(path, report, next);
    const QString status = PrefsMessages::importStatus(path, report);
    showMessages(lines, report.problems > 0);
    changed(status);
    return true;
}

bool SettingsPane::exportFile(const QString &path)
{
    m_lastFolder = QFileInfo(path).absolutePath();
    QString error;
    const prefs::Prefs current = m_model->prefs();
    prefs::PrefsJs::WriteResult written;
    if (!prefs::PrefsJs::writeFile(path, current, true, &written, &error)) {
        const QString line = PrefsMessages::couldNot(QStringLiteral("export"), path, error);
        showMessages({line}, true);
        Q_EMIT message(line);
        return false;
    }
    const QString line = PrefsMessages::exported(path, written, current);
    showMessages({line}, false);
    Q_EMIT message(line);
    return true;
}

void SettingsPane::importClicked()
{
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Import prefs.js"), m_lastFolder,
        QStringLiteral("Netscape preferences (prefs.js preferences.js *.js);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

void SettingsPane::exportClicked()
{
    const QString folder = m_lastFolder.isEmpty() ? QDir::homePath() : m_lastFolder;
    // Not the imported file's own name: the customer's file is replaced only when asked for.
    const QString suggested =
        QFileInfo(m_importedPath).absolutePath() == QDir(folder).absolutePath()
            ? QStringLiteral("/prefs-msim.js")
            : QStringLiteral("/prefs.js");
    const QString path = QFileDialog::getSaveFileName(
        this, QStringLiteral("Export prefs.js"), folder + suggested,
        QStringLiteral("Netscape preferences (prefs.js preferences.js *.js);;All files (*)"),
        nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    if (QFileInfo::exists(path)) {
        const QString shown = QDir::toNativeSeparators(path);
        const bool imported = QFileInfo(path).absoluteFilePath() == m_importedPath;
        const QString bak = QFileInfo::exists(path + QStringLiteral(".bak"))
                                ? QStringLiteral("A copy of it is kept first, as the next free "
                                                 "%1.bak.N (%1.bak is kept as it is).")
                                      .arg(shown)
                                : QStringLiteral("A copy of it is kept first, as %1.bak.").arg(shown);
        const QString question =
            (imported ? QStringLiteral("%1 is the prefs.js you imported. Replace it?\n\n")
                      : QStringLiteral("%1 exists. Replace it?\n\n"))
                .arg(shown) +
            bak;
        if (QMessageBox::question(this, QStringLiteral("Export prefs.js"), question,
                                  QMessageBox::Yes | QMessageBox::Cancel,
                                  QMessageBox::Cancel) != QMessageBox::Yes)
            return;
    }
    exportFile(path);
}

void SettingsPane::onPrefEdited(const QString &name)
{
    updatePresetInfo();
    const PrefInfo *info = PrefRegistry::find(name);
    if (!info)
        return;
    const QString line = PrefsMessages::changed(*info, m_model->prefs().value(name));
    if (!m_valuesFrom.isEmpty() && !m_valuesFrom.endsWith(QLatin1String(" or set by hand")))
        m_valuesFrom += QStringLiteral(" or set by hand");
    showMessages({line}, false);
    changed(line);
}

void SettingsPane::onEditRejected(const QString &text)
{
    const QString line = QStringLiteral("Not changed: ") + text;
    showMessages({line}, true);
    Q_EMIT message(line);
}

void SettingsPane::applyFilter()
{
    // Every word typed must appear in the pref's name, description or group; "_" and "." count
    // as spaces, so "chunk size" finds mail.imap.chunk_size.
    const QStringList words = searchable(m_filter->text()).split(u' ', Qt::SkipEmptyParts);
    const auto matches = [&](const QString &text) {
        const QString haystack = searchable(text);
        return std::all_of(words.cbegin(), words.cend(), [&](const QString &word) {
            return haystack.contains(word, Qt::CaseInsensitive);
        });
    };
    for (int g = 0; g < m_model->rowCount(); ++g) {
        const QModelIndex group = m_model->index(g, 0);
        int shown = 0;
        for (int r = 0; r < m_model->rowCount(group); ++r) {
            const QModelIndex name = m_model->index(r, PrefsModel::NameColumn, group);
            const bool match =
                matches(group.data().toString() + u' ' + name.data().toString() + u' ' +
                        name.siblingAtColumn(PrefsModel::DescriptionColumn).data().toString());
            m_view->setRowHidden(r, group, !match);
            shown += match ? 1 : 0;
        }
        m_view->setRowHidden(g, QModelIndex(), shown == 0);
    }
    m_view->expandAll();
}

void SettingsPane::fitDescriptionColumn()
{
    QHeaderView *header = m_view->header();
    // A narrow dock: the names give way (elided in the middle; the details line and the tool
    // tip have them whole) so that the values stay in sight.
    if (header->sectionResizeMode(PrefsModel::NameColumn) == QHeaderView::ResizeToContents)
        m_nameContentsWidth = header->sectionSize(PrefsModel::NameColumn); // the names whole
    const int contents = m_nameContentsWidth;
    const int forName = m_view->viewport()->width() - header->sectionSize(PrefsModel::ValueColumn) -
                        header->sectionSize(PrefsModel::DefaultColumn);
    if (forName < contents) {
        header->setSectionResizeMode(PrefsModel::NameColumn, QHeaderView::Interactive);
        header->resizeSection(PrefsModel::NameColumn, std::max(forName, kMinNameWidth));
    } else if (header->sectionResizeMode(PrefsModel::NameColumn) != QHeaderView::ResizeToContents) {
        header->setSectionResizeMode(PrefsModel::NameColumn, QHeaderView::ResizeToContents);
    }
    const int room = m_view->viewport()->width() - header->sectionSize(PrefsModel::NameColumn) -
                     header->sectionSize(PrefsModel::ValueColumn) -
                     header->sectionSize(PrefsModel::DefaultColumn);
    // Hysteresis: a vertical scroll bar that comes and goes with the row heights cannot flip it.
    const bool hidden = header->isSectionHidden(PrefsModel::DescriptionColumn);
    if (!hidden && room < kMinDescriptionWidth)
        m_view->setColumnHidden(PrefsModel::DescriptionColumn, true);
    else if (hidden && room >= kMinDescriptionWidth + kDescriptionHysteresis)
        m_view->setColumnHidden(PrefsModel::DescriptionColumn, false);
    m_details->setVisible(header->isSectionHidden(PrefsModel::DescriptionColumn));
    updateDetails();
}

void SettingsPane::updateDetails()
{
    const QString name = m_view->currentIndex().data(PrefNameRole).toString();
    m_details->setText(PrefsMessages::details(PrefRegistry::find(name)));
}

bool SettingsPane::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && watched == m_view->viewport())
        fitDescriptionColumn();
    return QWidget::eventFilter(watched, event);
}

void SettingsPane::updatePresetInfo()
{
    m_presetInfo->setText(PrefsMessages::presetInfo(m_presetName, m_model->prefs()));
}

void SettingsPane::showMessages(const QStringList &lines, bool problem)
{
    // Every new message is about another action: what a preset replaced can no longer be undone.
    m_undo.reset();
    m_undoButton->hide();
    m_messages = lines;
    m_messageArea->setText(lines.join(u'\n'));
    QPalette palette = this->palette();
    if (problem) {
        const bool dark = palette.color(QPalette::Window).lightness() < 128;
        palette.setColor(QPalette::WindowText, dark ? kProblemTextOnDark : kProblemText);
    }
    m_messageArea->setPalette(palette);
    m_messageArea->setVisible(!lines.isEmpty());
    m_messageScroll->setVisible(!lines.isEmpty());
}

void SettingsPane::changed(const QString &statusLine)
{
    Q_EMIT message(statusLine);
    Q_EMIT prefsChanged(m_model->prefs(), m_presetName);
}

} // namespace msim::ui
