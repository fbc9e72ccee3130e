// SPDX-License-Identifier: MIT
// LogReader over real log files written by LogSink: offsets, UTF-8 boundaries, tails, search.

#include "execution/logreader.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

class TestLogReader final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void readKeepsCharactersWhole_data();
    void readKeepsCharactersWhole();
    void readPastTheEndAndMissingFile();
    void tail_data();
    void tail();
    void searchPlainAndRegex();
    void runawayExpressionIsBounded();

private:
    QString writeLog(const QByteArray &stdoutText, const QByteArray &stderrText = {});

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestLogReader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

QString TestLogReader::writeLog(const QByteArray &stdoutText, const QByteArray &stderrText)
{
    const QString path = m_dir->filePath(u"run.log"_s);
    LogSink sink(1, path, 64 * 1024 * 1024);
    if (!sink.open())
        return {};
    sink.append(OutputStream::Stdout, stdoutText);
    if (!stderrText.isEmpty())
        sink.append(OutputStream::Stderr, stderrText);
    sink.finish();
    return path;
}

void TestLogReader::readKeepsCharactersWhole_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<QString>("first");
    // "云端\n" is 3 + 3 + 1 bytes.
    QTest::addRow("cut in the first character") << qint64(2) << u"云"_s;
    QTest::addRow("cut after one character") << qint64(3) << u"云"_s;
    QTest::addRow("cut in the second character") << qint64(5) << u"云"_s;
    QTest::addRow("whole line") << qint64(7) << u"云端\n"_s;
}

void TestLogReader::readKeepsCharactersWhole()
{
    QFETCH(qint64, limit);
    QFETCH(QString, first);
    const QString path = writeLog(u"云端\n"_s.toUtf8());
    LogChunk chunk = LogReader::read(path, 0, limit);
    QCOMPARE(QString::fromUtf8(chunk.data), first);
    // Reading on from nextOffset always makes progress and reassembles the text.
    QString text = QString::fromUtf8(chunk.data);
    while (chunk.end < chunk.size) {
        const qint64 before = chunk.end;
        chunk = LogReader::read(path, chunk.end, limit);
        QVERIFY(chunk.end > before);
        text += QString::fromUtf8(chunk.data);
    }
    QCOMPARE(text, u"云端\n"_s);
}

void TestLogReader::readPastTheEndAndMissingFile()
{
    const QString path = writeLog("abc\n");
    const LogChunk past = LogReader::read(path, 1000, 10);
    QCOMPARE(past.offset, 4);
    QVERIFY(past.data.isEmpty());
    const LogChunk missing = LogReader::read(m_dir->filePath(u"nope.log"_s), 0, 10);
    QCOMPARE(missing.size, 0);
    QVERIFY(missing.data.isEmpty());
}

void TestLogReader::tail_data()
{
    QTest::addColumn<int>("lines");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("one") << 1 << QByteArray("four\n");
    QTest::addRow("two") << 2 << QByteArray("three\nfour\n");
    QTest::addRow("more than there are") << 10 << QByteArray("one\ntwo\nthree\nfour\n");
}

void TestLogReader::tail()
{
    QFETCH(int, lines);
    QFETCH(QByteArray, expected);
    const QString path = writeLog("one\ntwo\nthree\nfour\n");
    const LogChunk chunk = LogReader::tail(path, lines, 1024);
    QCOMPARE(chunk.data, expected);
    QCOMPARE(chunk.offset, chunk.size - expected.size());
}

void TestLogReader::searchPlainAndRegex()
{
    const QString path = writeLog("alpha 1\nbeta 2\n", "ALPHA error\n");
    QString error;
    LogSearchResult result
        = LogReader::search(path, u"alpha"_s, false, false, 10, QDeadlineTimer::Forever, &error);
    QCOMPARE(result.matches.size(), 2);
    QCOMPARE(result.matches.at(1).stream, OutputStream::Stderr);
    QCOMPARE(result.matches.at(1).line, 3);
    result = LogReader::search(path, u"alpha"_s, false, true, 10, QDeadlineTimer::Forever, &error);
    QCOMPARE(result.matches.size(), 1);
    result = LogReader::search(path, u"^\\w+ \\d$"_s, true, false, 10, QDeadlineTimer::Forever, &error);
    QCOMPARE(result.matches.size(), 2);
    result = LogReader::search(path, u"a"_s, false, false, 1, QDeadlineTimer::Forever, &error);
    QCOMPARE(result.matches.size(), 1);
    QVERIFY(result.limited);
    result = LogReader::search(path, u"(unclosed"_s, true, false, 10, QDeadlineTimer::Forever, &error);
    QVERIFY(error.contains(u"regular expression"_s));
}

void TestLogReader::runawayExpressionIsBounded()
{
    // Lines that make a nested quantifier backtrack exponentially.
    QByteArray text;
    for (int i = 0; i < 2000; ++i)
        text += QByteArray(40, 'a') + "!\n";
    const QString path = writeLog(text);
    QString error;
    QElapsedTimer timer;
    timer.start();
    const LogSearchResult result
        = LogReader::search(path, u"^(a|aa)+$"_s, true, false, 10, QDeadlineTimer(2000), &error);
    QVERIFY(error.isEmpty());
    QVERIFY(result.matches.isEmpty());
    QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestLogReader)
#include "tst_logreader.moc"
