// SPDX-License-Identifier: MIT
#pragma once

#include "emulator/EmulatedServer.h"

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace msim::ui {

class EmulatorController;
class ErrorLabel;
class FingerprintView;

// The built-in server's dock (DESIGN.md §1, §5): which profile it plays and its knobs, which
// corpus it serves, Start / Stop / Restart, and what a client needs to reach it: the listener
// lines and the certificate's SHA-256 fingerprint to pin (FingerprintView: as --pin takes it,
// said to be the built-in server's on its address and TLS port, with Copy), all following the
// server as it restarts. Errors show
// in the panel, never on stderr. Every control has an objectName, for tests and style sheets.
class EmulatorPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EmulatorPanel(EmulatorController *controller, QWidget *parent = nullptr);

    // What the controls say, on top of the controller's current options (listen address,
    // identity, login, timeouts are kept).
    emulator::ServerOptions optionsFromControls() const;
    QString corpusSpecFromControls() const; // "sample", "generated:N", "maildir:DIR", ...
    // Sets the corpus controls from a spec (no file dialog); false for a spec they cannot show.
    bool setCorpusSpec(const QString &spec);

    QString errorText() const; // the error line, empty when there is none

    // What the buttons do. Start and Restart listen again on the ports the server used last,
    // so a client pointed at it keeps working, or on any free ones when those are taken.
    bool startServer();
    void stopServer();
    bool restartServer();

Q_SIGNALS:
    void message(const QString &text); // for the status bar: started, stopped, copied, ...

private:
    enum CorpusKind { SampleCorpus, GeneratedCorpus, MaildirCorpus, MboxCorpus, EmlCorpus };

    void buildUi();
    void syncFromController(); // the controls show the running (or last) server's settings
    void updateState();        // buttons, listeners, fingerprint, sessions
    void updateSessions();
    void updateProfileDescription();
    void corpusKindChosen(int index);
    bool chooseCorpusFiles(CorpusKind kind); // file dialogs; false when cancelled
    void updateCorpusControls();

    EmulatorController *m_controller;
    QComboBox *m_profile = nullptr;
    QLabel *m_profileDescription = nullptr;
    QSpinBox *m_latency = nullptr;
    QSpinBox *m_overrun = nullptr;
    QSpinBox *m_overrunChunk = nullptr;
    QCheckBox *m_splitWrites = nullptr;
    QComboBox *m_corpus = nullptr;
    QSpinBox *m_generated = nullptr;
    QLineEdit *m_corpusPath = nullptr;
    QPushButton *m_chooseCorpus = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_restart = nullptr;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_listeners = nullptr;
    FingerprintView *m_fingerprint = nullptr;
    QLabel *m_sessions = nullptr;
    ErrorLabel *m_error = nullptr;

    QStringList m_corpusPaths; // of the Maildir, mbox or .eml corpus kinds
    int m_corpusKindShown = SampleCorpus;
    quint16 m_lastPort = 0; // where the server listened last (0: never)
    quint16 m_lastTlsPort = 0;
};

} // namespace msim::ui
