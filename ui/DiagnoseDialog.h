// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Diagnosis.h"

#include <QDialog>
#include <QPointer>

#include <functional>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableWidget;

namespace msim::ui {

struct Account;
class AccountPasswords;
class DiagnoseResultPanel;
class EmulatorController;
class ErrorLabel;
class MainWindow;

// Account ▸ Diagnose server… (DESIGN.md §4 diagnose; issue 18 item 5): the ports to probe (plain
// and STARTTLS, implicit TLS; each can be switched off) and an optional UID, then each probe
// ticking by in a table as diagnose::Diagnosis reports it (failed rows marked), the stage and a
// progress bar, Cancel, and the result panel (DiagnoseResultPanel) with "Save as scenario…" per
// fault; Export report… writes DiagnoseReport's folder for the ticket. Never blocks the GUI; closing it while a diagnosis runs cancels that (the diagnosis
// lives on, parented to the window, until its \Seen restore is done).
class DiagnoseDialog : public QDialog
{
    Q_OBJECT
public:
    enum class State { Ready, Running, Finished, Cancelled, CouldNotRun };
    Q_ENUM(State)

    // `request` carries the server (host, user, password, TLS trust, timeout) and the ports
    // the fields start with; `server` names it in the title ("Diagnose imap.example.com").
    DiagnoseDialog(diagnose::DiagnoseRequest request, const QString &server,
                   QWidget *parent = nullptr);
    ~DiagnoseDialog() override;

    // The request for account `a` with `password`: its host, user, trust (pins, CA file, TLS
    // name, legacy) and a 30-second command timeout; its port in the field of its security
    // (the other at the default port, switched off). The built-in server's account: both of the
    // running server's ports (`builtInPlain`, `builtInTls`), both on.
    static diagnose::DiagnoseRequest requestFor(const Account &a, const QByteArray &password,
                                                quint16 builtInPlain = 0,
                                                quint16 builtInTls = 0);
    // Account ▸ Diagnose server… for `a`: asks `passwords` for its password, then shows a
    // dialog over `parent` (deleted when closed). Nothing when the password is not given.
    static void openFor(QWidget *parent, const Account &a, AccountPasswords *passwords,
                        EmulatorController *emulator);
    // Connects `window`'s Account ▸ Diagnose server… to openFor() for its selected account.
    static void attach(MainWindow *window);

    // Start (the button): the request with the fields' ports and UID; refused with the reason
    // in the error line when both ports are off.
    void start();
    void cancel(); // Cancel (the button); the state becomes Cancelled when the diagnosis ends
    State state() const { return m_state; }
    // The last run's result (empty before a run ends).
    const diagnose::DiagnoseResult &result() const { return m_result; }
    // Saves fault `fault` of the result as a scenario (DiagnoseScenario::reproduction, then
    // Scenario::save); false + *error naming why.
    bool saveScenario(int fault, const QString &path, QString *error);
    // Export report… (after a finished run): DiagnoseReport::write into `dir` (created when
    // missing); false + *error naming why.
    bool exportReport(const QString &dir, QString *error);
    // Where "Save as scenario…" asks for the file (a QFileDialog by default; tests replace it):
    // given the suggested file name, the chosen path, or empty when cancelled.
    void setFileChooser(std::function<QString(const QString &suggested)> choose)
    {
        m_chooseFile = std::move(choose);
    }

    // For tests and screenshots.
    QTableWidget *probeTable() const { return m_table; }
    DiagnoseResultPanel *resultPanel() const { return m_panel; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *stageLabel() const { return m_stage; }

    void done(int r) override; // closing cancels a run

protected:
    void showEvent(QShowEvent *event) override; // sizes the columns to the dialog, once

Q_SIGNALS:
    void diagnosisFinished(); // the result is shown

private:
    void addProbe(const diagnose::ProbeResult &p);
    void diagnosisDone();
    void saveScenarioAsked(int fault);
    void exportAsked();
    void setRunning(bool running);

    diagnose::DiagnoseRequest m_request;
    QString m_server;
    QPointer<diagnose::Diagnosis> m_diagnosis;
    diagnose::DiagnoseResult m_result;
    State m_state = State::Ready;
    std::function<QString(const QString &)> m_chooseFile;

    QCheckBox *m_plainOn;
    QSpinBox *m_plainPort;
    QCheckBox *m_tlsOn;
    QSpinBox *m_tlsPort;
    QSpinBox *m_uid;
    QPushButton *m_start;
    QPushButton *m_export;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_stage;
    ErrorLabel *m_error;
    QTableWidget *m_table;
    DiagnoseResultPanel *m_panel;
    QSplitter *m_split;
    bool m_columnsSized = false;
};

} // namespace msim::ui
