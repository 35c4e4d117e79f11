#include <QApplication>
#include <QLabel>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QLabel label(QStringLiteral("msim: the window arrives with issue 7"));
    label.show();
    return app.exec();
}
