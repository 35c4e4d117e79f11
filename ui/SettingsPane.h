// SPDX-License-Identifier: MIT
#pragma once

#include "prefs/Prefs.h"

#include <QString>
#include <QStringList>
#include <QVariant>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QTreeView;

namespace msim::ui {

class PrefsModel;

// The settings pane of the desktop app (DESIGN.md §1), meant to sit in a dock: every pref of the
// registry with its description and 4.x default, grouped, changed values highlighted
// (MESSENGER45.md §1); the presets; import and export of prefs.js in the Netscape format (§7).
// As in Messenger 4.5, new values apply to new connections: the pane says so and offers "Apply
// and fetch again". Every outcome (an edit, a preset, an import and its bad lines, an export, a
// rejected value) is shown in the pane's message area and emitted as message(), never printed.
class SettingsPane : public QWidget
{
    Q_OBJECT
public:
    // Lines of the message area shown at most; it scrolls beyond.
    static constexpr int kMessageLines = 5;
    // Pixels the pref names keep at least when the dock is too narrow for them whole.
    static constexpr int kMinNameWidth = 140;

    explicit SettingsPane(QWidget *parent = nullptr);

    // Shows these values with `presetName` as the chosen preset; emits nothing. A name that is
    // not a preset leaves the preset box empty and "Reset to preset" disabled.
    void setPrefs(const prefs::Prefs &prefs, const QString &presetName);
    prefs::Prefs prefs() const;
    // The preset chosen last (the base the values were edited from; an import keeps it).
    QString presetName() const;
    PrefsModel *model() const;

    // For tests and the main window: change one pref as the user would (through the model).
    bool setValue(const QString &name, const QVariant &value);
    // A workaround's button (ExplanationPanel): sets each "NAME=VALUE" (msim-cli --set form) as
    // the user would, then does what "Apply and fetch again" does. Nothing is fetched, and the
    // pane says why, when a value is rejected; false then.
    bool applyWorkaround(const QStringList &sets);
    // What the preset box does when the user picks `name`: every value back to that preset.
    bool choosePreset(const QString &name);
    // What the Undo button beside the message does after a preset replaced values the user had
    // set or imported: those values (and the preset and the imported file's name) are back.
    // False when there is nothing to undo.
    bool undoPreset();
    // What the Import button does, without the dialog: the file's statements are applied over
    // the 4.x defaults (the messenger45 preset), whatever was shown; the summary line, each
    // problem with its line number and the prefs kept unchanged are shown. False, with the
    // reason shown, only when the file cannot be read.
    bool importFile(const QString &path);
    // What the Export button does once the user has chosen (and, for an existing file,
    // confirmed) the path: every pref in the 4.x prefs.js format (PrefsJs::write(Prefs)), an
    // existing file kept as path.bak first (PrefsJs::writeFile).
    bool exportFile(const QString &path);

    // The lines shown in the message area (the last action's outcome).
    QStringList messages() const { return m_messages; }

Q_SIGNALS:
    // After every user action that sets values: an edit, a preset, "Reset to preset", an import.
    void prefsChanged(const msim::prefs::Prefs &prefs, const QString &presetName);
    // "Apply and fetch again": the main window fetches the current message again on a new
    // connection with prefs().
    void applyAndFetchRequested();
    void message(const QString &text); // a line for the status bar

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void resetToPreset(const QString &name, const QString &verb);
    void importClicked();
    void exportClicked();
    void onPrefEdited(const QString &name);
    void onEditRejected(const QString &text);
    void applyFilter();
    void fitDescriptionColumn();
    void updateDetails();
    void updatePresetInfo();
    void showMessages(const QStringList &lines, bool problem);
    void changed(const QString &statusLine);

    PrefsModel *m_model = nullptr;
    QComboBox *m_presetBox = nullptr;
    QLabel *m_presetInfo = nullptr;
    QPushButton *m_resetButton = nullptr;
    QLineEdit *m_filter = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_details = nullptr;
    QPushButton *m_importButton = nullptr;
    QPushButton *m_exportButton = nullptr;
    QLabel *m_note = nullptr;
    QPushButton *m_applyButton = nullptr;
    QLabel *m_messageArea = nullptr;
    QScrollArea *m_messageScroll = nullptr; // holds m_messageArea
    QPushButton *m_undoButton = nullptr;

    // What a preset replaced, until the next action: the values before it.
    struct Undo
    {
        prefs::Prefs prefs;
        QString presetName;
        QString valuesFrom;
    };
    // Where the values shown came from, for what a preset says it replaced: "imported from
    // PATH", "imported from PATH or set by hand", or empty (set by hand or by a preset).
    QString m_valuesFrom;
    std::optional<Undo> m_undo;

    QString m_presetName;
    QStringList m_messages;
    QString m_lastFolder;       // of the last import or export, for the next dialog
    QString m_importedPath;     // absolute path of the last imported prefs.js
    int m_nameContentsWidth = 0; // the Name column's width with every name whole
    int m_descriptionWidth = 0; // the Description column's width the rows were laid out for
};

} // namespace msim::ui
