// SPDX-License-Identifier: MIT
// The settings pane (DESIGN.md §1): every registered pref with its 4.x default and description,
// grouped and highlighted when changed; the presets; prefs.js import (bad lines reported by
// number, good ones kept) and export (the 4.x form, MESSENGER45.md §7); "Apply and fetch again";
// the 32-bit range of integer prefs. QAbstractItemModelTester watches the model throughout.
#include "prefs/PrefRegistry.h"
#include "prefs/Prefs.h"
#include "prefs/PrefsJs.h"
#include "prefs/Presets.h"
#include "ui/ItemRoles.h"
#include "ui/PrefsModel.h"
#include "ui/SettingsPane.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <limits>
#include <memory>

using namespace msim;
using msim::ui::PrefsModel;
using msim::ui::SettingsPane;

namespace {

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

const QString kFetchByChunks = s("mail.imap.fetch_by_chunks");
const QString kChunkSize = s("mail.imap.chunk_size");

// How the pane shows a value: true/false, a decimal number, a "quoted" string.
QString shown(prefs::PrefType type, const QVariant &value)
{
    switch (type) {
    case prefs::PrefType::Bool:
        return value.toBool() ? s("true") : s("false");
    case prefs::PrefType::Int:
        return QString::number(value.toLongLong());
    case prefs::PrefType::String:
        return u'"' + value.toString() + u'"';
    }
    return QString();
}

prefs::Prefs lastPrefs(const QSignalSpy &spy)
{
    return qvariant_cast<prefs::Prefs>(spy.last().at(0));
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_SettingsPane : public QObject
{
    Q_OBJECT
private:
    // A pane with a model tester attached for the whole test.
    struct Fixture
    {
        SettingsPane pane;
        std::unique_ptr<QAbstractItemModelTester> tester;
        Fixture()
            : tester(std::make_unique<QAbstractItemModelTester>(
                  pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest))
        {}
        QTreeView *view() const { return pane.findChild<QTreeView *>(s("prefsView")); }
        QLabel *messageArea() const { return pane.findChild<QLabel *>(s("messageArea")); }
        QString messageText() const
        {
            const QLabel *area = messageArea();
            return area && area->isVisibleTo(&pane) ? area->text() : QString();
        }
    };

private Q_SLOTS:
    void everyPrefWithDefaultAndDescription()
    {
        Fixture f;
        PrefsModel *model = f.pane.model();
        QCOMPARE(model->columnCount(), 4);
        QCOMPARE(model->headerData(PrefsModel::NameColumn, Qt::Horizontal).toString(), s("Pref"));
        QCOMPARE(model->headerData(PrefsModel::ValueColumn, Qt::Horizontal).toString(), s("Value"));
        QCOMPARE(model->headerData(PrefsModel::DefaultColumn, Qt::Horizontal).toString(),
                 s("4.x default"));
        QCOMPARE(model->headerData(PrefsModel::DescriptionColumn, Qt::Horizontal).toString(),
                 s("Description"));

        // Groups in the registry's order, then every pref under its group.
        const QStringList groups = prefs::PrefRegistry::groups();
        QCOMPARE(model->rowCount(), groups.size());
        int prefRows = 0;
        for (int g = 0; g < groups.size(); ++g) {
            QCOMPARE(model->index(g, 0).data().toString(), groups[g]);
            prefRows += model->rowCount(model->index(g, 0));
        }
        QCOMPARE(prefRows, prefs::PrefRegistry::all().size());

        for (const prefs::PrefInfo &info : prefs::PrefRegistry::all()) {
            const QModelIndex name = model->indexOf(info.name);
            QVERIFY2(name.isValid(), qPrintable(info.name));
            QCOMPARE(name.data().toString(), info.name);
            QCOMPARE(name.parent().data().toString(), info.group);
            QCOMPARE(name.data(ui::PrefNameRole).toString(), info.name);
            QCOMPARE(name.data(ui::PrefDefaultRole), info.defaultValue);
            QCOMPARE(name.data(ui::PrefUserSetRole).toBool(), false);
            const QModelIndex value = name.siblingAtColumn(PrefsModel::ValueColumn);
            const QModelIndex def = name.siblingAtColumn(PrefsModel::DefaultColumn);
            const QModelIndex description = name.siblingAtColumn(PrefsModel::DescriptionColumn);
            QCOMPARE(value.data(Qt::EditRole), info.defaultValue);
            QCOMPARE(def.data().toString(), shown(info.type, info.defaultValue));
            QCOMPARE(def.data(Qt::EditRole), info.defaultValue);
            QCOMPARE(description.data().toString(), info.description);
            if (info.type == prefs::PrefType::Bool) {
                QVERIFY(value.flags() & Qt::ItemIsUserCheckable);
                QCOMPARE(value.data(Qt::CheckStateRole).toInt(),
                         int(info.defaultValue.toBool() ? Qt::Checked : Qt::Unchecked));
            } else {
                QVERIFY(value.flags() & Qt::ItemIsEditable);
            }
            QVERIFY(!(def.flags() & Qt::ItemIsEditable));
            // Every cell of the row explains the pref.
            for (int column = 0; column < PrefsModel::ColumnCount; ++column) {
                const QString tip = name.siblingAtColumn(column).data(Qt::ToolTipRole).toString();
                QVERIFY2(tip.contains(info.description), qPrintable(tip));
                QVERIFY2(tip.contains(s("4.x default: ") + shown(info.type, info.defaultValue)),
                         qPrintable(tip));
            }
            // Nothing is highlighted at the 4.x defaults.
            QVERIFY(!value.data(Qt::BackgroundRole).isValid());
        }
        QVERIFY(!model->indexOf(s("mail.imap.no_such_pref")).isValid());
        QCOMPARE(f.pane.presetName(), s("messenger45"));
    }

    void toggleFetchByChunks()
    {
        Fixture f;
        QSignalSpy changed(&f.pane, &SettingsPane::prefsChanged);
        QSignalSpy status(&f.pane, &SettingsPane::message);
        PrefsModel *model = f.pane.model();
        const QModelIndex value = model->indexOf(kFetchByChunks, PrefsModel::ValueColumn);

        QVERIFY(model->setData(value, Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(lastPrefs(changed).boolValue(kFetchByChunks), false);
        QCOMPARE(changed.last().at(1).toString(), s("messenger45"));
        QCOMPARE(f.pane.prefs().boolValue(kFetchByChunks), false);
        QCOMPARE(value.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QCOMPARE(value.data().toString(), s("false"));
        QVERIFY(!status.isEmpty());
        QVERIFY2(f.messageText().contains(s("mail.imap.fetch_by_chunks is now false")),
                 qPrintable(f.messageText()));

        // Highlighted: bold name and value, tinted row; the others stay plain.
        QVERIFY(model->isChanged(kFetchByChunks));
        for (int column = 0; column < PrefsModel::ColumnCount; ++column) {
            const QModelIndex cell = value.siblingAtColumn(column);
            QVERIFY(cell.data(ui::PrefUserSetRole).toBool());
            QVERIFY(cell.data(Qt::BackgroundRole).isValid());
        }
        QVERIFY(qvariant_cast<QFont>(value.data(Qt::FontRole)).bold());
        QVERIFY(qvariant_cast<QFont>(value.siblingAtColumn(0).data(Qt::FontRole)).bold());
        QVERIFY(value.data(Qt::ToolTipRole).toString().contains(s("changed from the default")));
        const QModelIndex other = model->indexOf(kChunkSize, PrefsModel::ValueColumn);
        QVERIFY(!other.data(ui::PrefUserSetRole).toBool());
        QVERIFY(!other.data(Qt::BackgroundRole).isValid());

        // The same value again changes nothing and says nothing.
        QVERIFY(model->setData(value, Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(changed.size(), 1);

        // Back to the default: as in 4.x, no user value is left, nothing is highlighted.
        QVERIFY(f.pane.setValue(kFetchByChunks, true));
        QCOMPARE(changed.size(), 2);
        QVERIFY(!f.pane.prefs().isUserSet(kFetchByChunks));
        QVERIFY(!value.data(ui::PrefUserSetRole).toBool());
        QVERIFY(!value.data(Qt::BackgroundRole).isValid());

        // The --set words work too.
        QVERIFY(f.pane.setValue(kFetchByChunks, s("false")));
        QCOMPARE(f.pane.prefs().boolValue(kFetchByChunks), false);
        QVERIFY(!f.pane.setValue(kFetchByChunks, s("no")));
        QCOMPARE(f.pane.prefs().boolValue(kFetchByChunks), false);
        QVERIFY(!f.pane.setValue(s("mail.imap.no_such_pref"), 1));
    }

    // A customer's prefs.js imported, then a preset chosen: the values it replaced are named
    // (never dropped silently) and Undo brings them back. Contrast: preset after preset, with
    // nothing set by hand, replaces nothing of the user's and says nothing of the kind.
    void aPresetNeverDropsImportedValuesSilently()
    {
        Fixture f;
        auto *undo = f.pane.findChild<QPushButton *>(s("undoButton"));
        QVERIFY(undo);
        QVERIFY(f.pane.choosePreset(s("kb-q194998")));
        QVERIFY2(!f.messageText().contains(s("replaced")), qPrintable(f.messageText()));
        QVERIFY(undo->isHidden());
        QVERIFY(!f.pane.undoPreset());

        QTemporaryDir dir;
        const QString path = dir.filePath(s("prefs.js"));
        QVERIFY(writeFile(path, "user_pref(\"mail.imap.chunk_size\", 8192);\n"
                                "user_pref(\"mail.imap.fetch_by_chunks\", false);\n"));
        QVERIFY(f.pane.importFile(path));
        const prefs::Prefs imported = f.pane.prefs();
        QSignalSpy changed(&f.pane, &SettingsPane::prefsChanged);
        QVERIFY(f.pane.choosePreset(s("kb-q194998")));
        QCOMPARE(f.pane.prefs().intValue(kChunkSize), 6144);
        const QString said = f.messageText();
        QVERIFY2(said.contains(s("Preset kb-q194998 replaced 2 values imported from ") +
                               QDir::toNativeSeparators(path) +
                               s(": mail.imap.fetch_by_chunks false → true, "
                                 "mail.imap.chunk_size 8192 → 6144. Undo puts them back.")),
                 qPrintable(said));
        QVERIFY(!undo->isHidden());
        QTest::mouseClick(undo, Qt::LeftButton);
        QCOMPARE(f.pane.prefs(), imported);
        QCOMPARE(f.pane.presetName(), s("messenger45"));
        QCOMPARE(lastPrefs(changed), imported);
        QVERIFY(undo->isHidden());
        QVERIFY2(f.messageText().startsWith(s("Undone")), qPrintable(f.messageText()));

        // A value set by hand over the preset: "you had set".
        QVERIFY(f.pane.choosePreset(s("kb-q194998")));
        QVERIFY(f.pane.setValue(kChunkSize, 8192));
        QVERIFY(f.pane.choosePreset(s("messenger45")));
        QVERIFY2(f.messageText().contains(s("replaced 1 value you had set: mail.imap.chunk_size "
                                            "8192 → 10240. Undo puts it back.")),
                 qPrintable(f.messageText()));
    }

    void choosingKbPreset()
    {
        Fixture f;
        QSignalSpy changed(&f.pane, &SettingsPane::prefsChanged);
        auto *box = f.pane.findChild<QComboBox *>(s("presetBox"));
        QVERIFY(box);
        QCOMPARE(box->count(), prefs::Presets::names().size());
        for (int i = 0; i < box->count(); ++i) {
            QCOMPARE(box->itemData(i, Qt::ToolTipRole).toString(),
                     prefs::Presets::description(box->itemText(i)));
        }
        QCOMPARE(box->currentText(), s("messenger45"));

        // The user picks the next entry with the keyboard: kb-q194998.
        QCOMPARE(box->itemText(box->currentIndex() + 1), s("kb-q194998"));
        QTest::keyClick(box, Qt::Key_Down);
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.last().at(1).toString(), s("kb-q194998"));
        QCOMPARE(lastPrefs(changed).intValue(kChunkSize), 6144);
        QCOMPARE(f.pane.presetName(), s("kb-q194998"));
        QCOMPARE(f.pane.prefs().intValue(kChunkSize), 6144);
        QCOMPARE(f.pane.prefs(), *prefs::Presets::make(u"kb-q194998", nullptr));
        const QModelIndex size = f.pane.model()->indexOf(kChunkSize, PrefsModel::ValueColumn);
        QCOMPARE(size.data().toString(), s("6144"));
        QVERIFY(size.data(ui::PrefUserSetRole).toBool());
        QVERIFY2(f.messageText().contains(s("kb-q194998")), qPrintable(f.messageText()));

        // An edit on top of the preset keeps the preset's name; "Reset to preset" undoes it.
        QVERIFY(f.pane.setValue(kFetchByChunks, false));
        QCOMPARE(f.pane.presetName(), s("kb-q194998"));
        QCOMPARE(changed.last().at(1).toString(), s("kb-q194998"));
        auto *info = f.pane.findChild<QLabel *>(s("presetInfo"));
        QVERIFY(info->text().contains(s("Changed from this preset: mail.imap.fetch_by_chunks")));
        auto *reset = f.pane.findChild<QPushButton *>(s("resetButton"));
        QVERIFY(reset);
        reset->click();
        QCOMPARE(f.pane.prefs(), *prefs::Presets::make(u"kb-q194998", nullptr));
        QVERIFY(!info->text().contains(s("Changed from this preset")));

        // The other presets, by name.
        QVERIFY(f.pane.choosePreset(s("messenger407")));
        QCOMPARE(f.pane.prefs().boolValue(kFetchByChunks), false);
        QCOMPARE(box->currentText(), s("messenger407"));
        QVERIFY(f.pane.choosePreset(s("thunderbird")));
        QCOMPARE(f.pane.prefs().intValue(kChunkSize), 65536);
        QVERIFY(!f.pane.choosePreset(s("netscape3")));
        QCOMPARE(f.pane.presetName(), s("thunderbird"));
        QVERIFY(f.messageText().contains(s("unknown preset")));

        // setPrefs shows values silently.
        const int before = changed.size();
        f.pane.setPrefs(prefs::Prefs(), s("messenger45"));
        QCOMPARE(changed.size(), before);
        QCOMPARE(box->currentText(), s("messenger45"));
        QVERIFY(!size.data(ui::PrefUserSetRole).toBool());
        f.pane.setPrefs(prefs::Prefs(), s("custom"));
        QCOMPARE(box->currentIndex(), -1);
        QVERIFY(!reset->isEnabled());
        QCOMPARE(f.pane.presetName(), s("custom"));
    }

    void importWithBadLine()
    {
        QTest::failOnWarning(QRegularExpression(s(".*"))); // nothing goes to stderr
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(s("prefs.js"));
        QVERIFY(writeFile(path, "// Mozilla User Preferences\r\n"
                                "user_pref(\"mail.imap.chunk_size\", 6144);\r\n"
                                "user_pref(\"mail.imap.fetch_by_chunks\", tru);\r\n"
                                "/* a comment */\r\n"
                                "user_pref(\"mail.imap.max_chunk_size\", \"big\");\r\n"
                                "user_pref(\"mail.identity.useremail\", \"a@example.com\");\r\n"
                                "user_pref(\"mail.imap.chunk_add\", 1024);\r\n"));

        Fixture f;
        QSignalSpy changed(&f.pane, &SettingsPane::prefsChanged);
        QSignalSpy status(&f.pane, &SettingsPane::message);
        QVERIFY(f.pane.importFile(path));
        QCOMPARE(changed.size(), 1);
        QVERIFY(!status.isEmpty());
        QVERIFY2(status.last().at(0).toString().contains(s("first on line 3")),
                 qPrintable(status.last().at(0).toString()));

        // The good lines are kept, the bad ones leave their prefs alone.
        const prefs::Prefs imported = f.pane.prefs();
        QCOMPARE(imported.intValue(kChunkSize), 6144);
        QCOMPARE(imported.intValue(u"mail.imap.chunk_add"), 1024);
        QCOMPARE(imported.boolValue(kFetchByChunks), true);
        QVERIFY(!imported.isUserSet(kFetchByChunks));
        QCOMPARE(imported.intValue(u"mail.imap.max_chunk_size"), 40960);
        QCOMPARE(lastPrefs(changed), imported);
        QCOMPARE(f.pane.presetName(), s("messenger45"));
        QVERIFY(f.pane.model()->isChanged(kChunkSize));

        // The pane names both bad lines by number, and the ignored unknown pref.
        const QString text = f.messageText();
        QVERIFY2(text.contains(s("line 3: ")), qPrintable(text));
        QVERIFY2(text.contains(s("tru")), qPrintable(text));
        QVERIFY2(text.contains(s("line 5: ")), qPrintable(text));
        QVERIFY2(text.contains(s("read 4 prefs: 2 used by msim, 2 kept unchanged, 2 problems "
                                 "(UTF-8)")),
                 qPrintable(text));
        QVERIFY2(text.contains(s("Not used by msim, kept unchanged and written back on Export: "
                                 "mail.imap.max_chunk_size, mail.identity.useremail.")),
                 qPrintable(text));
        QVERIFY(!text.contains(s("line 2: ")));
        QCOMPARE(f.pane.messages().size(), 5); // summary, two lines, kept, the next-fetch note

        // A file that cannot be read: false, said in the pane, nothing changes.
        QVERIFY(!f.pane.importFile(dir.filePath(s("missing.js"))));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(f.pane.prefs(), imported);
        QVERIFY2(f.messageText().contains(s("Could not import")), qPrintable(f.messageText()));
        QVERIFY(status.last().at(0).toString().contains(s("missing.js")));
    }

    // The customer's file alone decides: the preset shown before does not leak into it.
    void importStartsFromTheDefaults()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("prefs.js"));
        QVERIFY(writeFile(path, "user_pref(\"mail.imap.fetch_by_chunks\", false);\n"));
        Fixture f;
        QVERIFY(f.pane.choosePreset(s("kb-q194998")));
        QVERIFY(f.pane.importFile(path));
        QCOMPARE(f.pane.prefs().intValue(kChunkSize), 10240);
        QCOMPARE(f.pane.prefs().boolValue(kFetchByChunks), false);
        QCOMPARE(f.pane.prefs().userSetNames(), QStringList{s("mail.imap.fetch_by_chunks")});
        QCOMPARE(f.pane.presetName(), s("messenger45"));
    }

    // A Thunderbird user.js: every pref goes back out on Export, the customer's file is kept
    // as .bak when it is replaced, and a preset chosen afterwards keeps the other prefs.
    void exportKeepsTheCustomersPrefs()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("user.js"));
        const QByteArray customer =
            "user_pref(\"mail.identity.id1.useremail\", \"a@example.test\");\n"
            "user_pref(\"mail.imap.fetch_by_chunks\", false);\n"
            "pref(\"mail.server.server2.hostname\", \"imap.example.test\", locked);\n";
        QVERIFY(writeFile(path, customer));
        Fixture f;
        QVERIFY(f.pane.importFile(path));
        QVERIFY(f.pane.choosePreset(s("kb-q194998")));
        QVERIFY(f.pane.exportFile(path));
        QVERIFY2(f.messageText().contains(s("The file it replaced is kept as ")),
                 qPrintable(f.messageText()));
        QCOMPARE(readFile(path + s(".bak")), customer);
        const QByteArray written = readFile(path);
        QVERIFY(written.contains(
            "pref(\"mail.server.server2.hostname\", \"imap.example.test\", locked);\n"));
        QVERIFY(
            written.contains("user_pref(\"mail.identity.id1.useremail\", \"a@example.test\");\n"));
        QVERIFY(written.contains("user_pref(\"mail.imap.chunk_size\", 6144);\n"));
        // A second export keeps the first .bak (the customer's original) and the file it
        // replaces as .bak.1: nothing is lost.
        QVERIFY(f.pane.exportFile(path));
        QCOMPARE(readFile(path + s(".bak")), customer);
        QCOMPARE(readFile(path + s(".bak.1")), written);
        QVERIFY2(
            f.messageText().contains(s("kept as ") + QDir::toNativeSeparators(path) + s(".bak.1.")),
            qPrintable(f.messageText()));
    }

    void exportWrites4xFormat()
    {
        QTest::failOnWarning(QRegularExpression(s(".*")));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Fixture f;
        QVERIFY(f.pane.choosePreset(s("kb-q194998")));
        QVERIFY(f.pane.setValue(kFetchByChunks, false));
        QSignalSpy status(&f.pane, &SettingsPane::message);
        const QString path = dir.filePath(s("prefs.js"));
        QVERIFY(f.pane.exportFile(path));
        QCOMPARE(status.size(), 1);
        QVERIFY(f.messageText().contains(s("Exported 5 prefs")));

        const QByteArray written = readFile(path);
        QVERIFY(written.startsWith("// Netscape User Preferences\n"
                                   "// This is a generated file!  Do not edit.\n\n"));
        QVERIFY(written.contains("user_pref(\"mail.imap.chunk_size\", 6144);\n"));
        QVERIFY(written.contains("user_pref(\"mail.imap.fetch_by_chunks\", false);\n"));
        QCOMPARE(written, prefs::PrefsJs::write(f.pane.prefs()));

        // It reads back to the same values.
        Fixture g;
        QVERIFY(g.pane.importFile(path));
        QCOMPARE(g.pane.prefs(), f.pane.prefs());

        // Nothing user-set: the header alone, and the pane says why.
        QVERIFY(f.pane.choosePreset(s("messenger45")));
        QVERIFY(f.pane.exportFile(path));
        QCOMPARE(readFile(path), QByteArray("// Netscape User Preferences\n"
                                            "// This is a generated file!  Do not edit.\n\n"));
        QVERIFY(f.messageText().contains(s("only the Netscape header")));

        // A folder that does not exist: false, said in the pane.
        QVERIFY(!f.pane.exportFile(dir.filePath(s("no/such/folder/prefs.js"))));
        QVERIFY2(f.messageText().contains(s("Could not export")), qPrintable(f.messageText()));
    }

    void applyAndFetchButton()
    {
        Fixture f;
        f.pane.resize(800, 600);
        f.pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&f.pane));
        QSignalSpy apply(&f.pane, &SettingsPane::applyAndFetchRequested);
        QSignalSpy changed(&f.pane, &SettingsPane::prefsChanged);
        auto *button = f.pane.findChild<QPushButton *>(s("applyButton"));
        QVERIFY(button);
        QCOMPARE(button->text(), s("Apply and fetch again"));
        auto *note = f.pane.findChild<QLabel *>(s("note"));
        QVERIFY(note && note->isVisible());
        QCOMPARE(note->text(), s("As in Messenger 4.5, new values apply to new connections: "
                                 "the next fetch uses them."));
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE(apply.size(), 1);
        QCOMPARE(changed.size(), 0);
    }

    void intPrefRejectsOutOfRange()
    {
        Fixture f;
        QSignalSpy changed(&f.pane, &SettingsPane::prefsChanged);
        QSignalSpy status(&f.pane, &SettingsPane::message);
        PrefsModel *model = f.pane.model();

        // The model: text outside 32 bits, or not a number, changes nothing and is explained.
        QVERIFY(!f.pane.setValue(kChunkSize, s("3000000000")));
        QCOMPARE(f.pane.prefs().intValue(kChunkSize), 10240);
        QVERIFY2(model->errorString().contains(s("32 bits")), qPrintable(model->errorString()));
        QVERIFY2(f.messageText().contains(s("32 bits")), qPrintable(f.messageText()));
        QCOMPARE(status.size(), 1);
        QVERIFY(!f.pane.setValue(kChunkSize, s("-2147483649")));
        QVERIFY(!f.pane.setValue(kChunkSize, s("6 KB")));
        QVERIFY(!f.pane.setValue(kChunkSize, qlonglong(3000000000LL)));
        QVERIFY(!f.pane.setValue(kChunkSize, true));
        QCOMPARE(changed.size(), 0);
        QCOMPARE(f.pane.prefs().intValue(kChunkSize), 10240);

        // The whole 32-bit range is accepted.
        QVERIFY(f.pane.setValue(kChunkSize, std::numeric_limits<qint32>::max()));
        QCOMPARE(f.pane.prefs().intValue(kChunkSize), 2147483647);
        QVERIFY(f.pane.setValue(kChunkSize, s("-2147483648")));
        QCOMPARE(f.pane.prefs().intValue(kChunkSize), -2147483647LL - 1);
        QVERIFY(f.pane.setValue(kChunkSize, s(" 6144 ")));
        QCOMPARE(f.pane.prefs().intValue(kChunkSize), 6144);
        QCOMPARE(changed.size(), 3);

        // The editor: a spin box over the whole 32-bit range that takes no digit past it.
        f.pane.resize(800, 600);
        f.pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&f.pane));
        QTreeView *view = f.view();
        const QModelIndex cell = model->indexOf(kChunkSize, PrefsModel::ValueColumn);
        view->setCurrentIndex(cell);
        view->edit(cell);
        QSpinBox *spin = nullptr;
        QTRY_VERIFY((spin = qobject_cast<QSpinBox *>(view->indexWidget(cell))));
        QCOMPARE(spin->minimum(), std::numeric_limits<qint32>::min());
        QCOMPARE(spin->maximum(), std::numeric_limits<qint32>::max());
        QCOMPARE(spin->value(), 6144);
        spin->selectAll();
        QTest::keyClicks(spin, s("3000000000")); // the tenth digit would leave 32 bits
        QCOMPARE(spin->text(), s("300000000"));
        QTest::keyClick(spin, Qt::Key_Return);
        QTRY_COMPARE(f.pane.prefs().intValue(kChunkSize), 300000000);
        QVERIFY(!view->indexWidget(cell));
    }

    void filterByNameOrDescription()
    {
        Fixture f;
        QTreeView *view = f.view();
        PrefsModel *model = f.pane.model();
        auto *filter = f.pane.findChild<QLineEdit *>(s("filter"));
        QVERIFY(filter);
        const auto visible = [&] {
            QStringList names;
            for (int g = 0; g < model->rowCount(); ++g) {
                const QModelIndex group = model->index(g, 0);
                if (view->isRowHidden(g, QModelIndex()))
                    continue;
                for (int r = 0; r < model->rowCount(group); ++r) {
                    if (!view->isRowHidden(r, group))
                        names.append(model->index(r, 0, group).data().toString());
                }
            }
            return names;
        };
        QTest::keyClicks(filter, s("THRESHOLD"));
        QCOMPARE(visible(), QStringList{s("mail.imap.min_chunk_size_threshold")});
        filter->clear();
        QCOMPARE(visible().size(), prefs::PrefRegistry::all().size());
        QTest::keyClicks(filter, s("whole seconds")); // a description only
        QCOMPARE(visible(), QStringList{s("mail.imap.chunk_fast")});
        filter->setText(s("Thunderbird")); // the group's name
        QCOMPARE(visible(), QStringList{s("mail.server.default.fetch_by_chunks")});
        filter->setText(s("no pref says this"));
        QVERIFY(visible().isEmpty());
        for (int g = 0; g < model->rowCount(); ++g)
            QVERIFY(view->isRowHidden(g, QModelIndex()));
    }

    // The pane as a user sees it: every name, value and default readable, no description cut.
    void rendering()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("prefs.js"));
        QVERIFY(writeFile(path, "user_pref(\"mail.imap.chunk_size\", 6144);\n"
                                "user_pref(\"mail.imap.fetch_by_chunks\", tru);\n"));
        Fixture f;
        QVERIFY(f.pane.importFile(path));
        QVERIFY(f.pane.setValue(kFetchByChunks, false));
        QVERIFY(f.pane.importFile(path));
        f.pane.resize(800, 600);
        f.pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&f.pane));

        const QPixmap picture = f.pane.grab();
        QCOMPARE(picture.size(), QSize(800, 600));
        // MSIM_SCREENSHOT_DIR=folder keeps a picture to look at.
        const QByteArray out = qgetenv("MSIM_SCREENSHOT_DIR");
        if (!out.isEmpty())
            QVERIFY(picture.save(QString::fromLocal8Bit(out) + s("/settingspane.png")));

        QTreeView *view = f.view();
        PrefsModel *model = f.pane.model();
        QFont bold = view->font();
        bold.setBold(true);
        const QFontMetrics metrics(bold);
        const QHeaderView *header = view->header();
        for (const prefs::PrefInfo &info : prefs::PrefRegistry::all()) {
            const QModelIndex name = model->indexOf(info.name);
            const QRect nameRect = view->visualRect(name);
            QVERIFY2(nameRect.isValid(), qPrintable(info.name));
            QVERIFY2(metrics.horizontalAdvance(info.name) <= nameRect.width(),
                     qPrintable(info.name));
            const QModelIndex value = name.siblingAtColumn(PrefsModel::ValueColumn);
            QVERIFY(metrics.horizontalAdvance(value.data().toString()) <
                    header->sectionSize(PrefsModel::ValueColumn));
            // The description wraps rather than being cut: its row is tall enough for it.
            const QModelIndex description = name.siblingAtColumn(PrefsModel::DescriptionColumn);
            const QRect rect = view->visualRect(description);
            const QRect needed = view->fontMetrics().boundingRect(
                QRect(0, 0, rect.width() - 8, 10000), Qt::TextWordWrap, info.description);
            QVERIFY2(needed.height() <= rect.height(), qPrintable(info.description));
        }

        // In a narrow dock the descriptions move under the tree, for the current pref.
        auto *details = f.pane.findChild<QLabel *>(s("details"));
        QVERIFY(details);
        QVERIFY(!details->isVisible());
        f.pane.resize(420, 700);
        QTRY_VERIFY(view->isColumnHidden(PrefsModel::DescriptionColumn));
        QVERIFY(details->isVisible());
        view->setCurrentIndex(model->indexOf(kChunkSize));
        QVERIFY2(details->text().contains(prefs::PrefRegistry::find(kChunkSize)->description),
                 qPrintable(details->text()));
        QVERIFY(details->text().contains(s("4.x default 10240")));
        f.pane.resize(800, 600);
        QTRY_VERIFY(!view->isColumnHidden(PrefsModel::DescriptionColumn));
        QVERIFY(!details->isVisible());
    }
};

QTEST_MAIN(tst_SettingsPane)
#include "tst_settingspane.moc"
