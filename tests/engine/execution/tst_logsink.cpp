// SPDX-License-Identifier: MIT
#include "execution/logsink.h"
#include "execution/processrunner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Kumo::LogSegment;
using Kumo::LogSink;
using Kumo::OutputStream;

Q_DECLARE_METATYPE(QList<LogSegment>)

namespace Kumo {
// For QCOMPARE; found by argument-dependent lookup.
static bool operator==(const LogSegment &a, const LogSegment &b)
{
    return a.offset == b.offset && a.length == b.length && a.stream == b.stream;
}
} // namespace Kumo

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "o:" / "e:" prefixed chunks, so that tables can say which stream wrote what.
void appendChunks(LogSink &sink, const QList<QByteArray> &chunks)
{
    for (const QByteArray &chunk : chunks)
        sink.append(chunk.startsWith("e:") ? OutputStream::Stderr : OutputStream::Stdout, chunk.mid(2));
}

QByteArray streamBytes(const QString &path, OutputStream stream)
{
    const QByteArray log = readAll(path);
    QByteArray bytes;
    const QList<LogSegment> segments = LogSink::readSegments(path);
    for (const LogSegment &segment : segments) {
        if (segment.stream == stream)
            bytes += log.mid(segment.offset, segment.length);
    }
    return bytes;
}

LogSegment out(qint64 offset, qint64 length)
{
    return { offset, length, OutputStream::Stdout };
}

LogSegment err(qint64 offset, qint64 length)
{
    return { offset, length, OutputStream::Stderr };
}

} // namespace

namespace QTest {
template<> char *toString(const LogSegment &segment)
{
    return qstrdup(QByteArray(QByteArray(segment.stream == OutputStream::Stderr ? "stderr" : "stdout") + '['
        + QByteArray::number(segment.offset) + '+' + QByteArray::number(segment.length) + ']')
                       .constData());
}
} // namespace QTest

class TestLogSink final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void writesExactBytes_data();
    void writesExactBytes();
    void keepsLinesTogetherAndIndexesStderr_data();
    void keepsLinesTogetherAndIndexesStderr();
    void mergesAdjacentStderrInIndex();
    void indexesRealProcessOutput();
    void flushesPartialLineAfterDelay();
    void writesOversizedPartialAtOnce();
    void capsSizeAndMarksTruncation_data();
    void capsSizeAndMarksTruncation();
    void appendedMatchesFile();
    void readsGrowingLog();
    void reportsOpenError();
    void removesLogAndIndex();
    void destructorFlushes();

private:
    [[nodiscard]] QString logPath(const QString &name) const
    {
        return m_dir->filePath(u"logs/tasks/"_s + name);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestLogSink::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestLogSink::writesExactBytes_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addRow("lines") << QList<QByteArray> { "line 1\n", "line 2\nline 3\n" };
    QTest::addRow("line split across reads") << QList<QByteArray> { "ab", "c\nd", "ef", "\n" };
    QTest::addRow("no final newline") << QList<QByteArray> { "done\nalmost" };
    QTest::addRow("binary and carriage returns") << QList<QByteArray> { QByteArray("\0\x01\xff\r\n", 5),
        "10%\r20%\r", "100%\r\n", QByteArray(3, '\0') };
    QTest::addRow("utf-8") << QList<QByteArray> { u"héllo 你好\n"_s.toUtf8() };
    QTest::addRow("empty chunks") << QList<QByteArray> { "", "x\n", "" };
}

void TestLogSink::writesExactBytes()
{
    QFETCH(QList<QByteArray>, chunks);
    LogSink sink(1, logPath(u"1.log"_s), 0);
    QVERIFY2(sink.open(), qPrintable(sink.errorString()));
    QByteArray expected;
    for (const QByteArray &chunk : std::as_const(chunks)) {
        sink.append(OutputStream::Stdout, chunk);
        expected += chunk;
    }
    sink.finish();
    QCOMPARE(readAll(sink.path()), expected);
    QCOMPARE(sink.bytesWritten(), expected.size());
    QVERIFY(!sink.truncated());
    QVERIFY(!QFile::exists(LogSink::indexPathFor(sink.path()))); // stdout only: no index
    if (!expected.isEmpty())
        QCOMPARE(LogSink::readSegments(sink.path()), QList<LogSegment> { out(0, expected.size()) });
}

void TestLogSink::keepsLinesTogetherAndIndexesStderr_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QByteArray>("log");
    QTest::addColumn<QList<LogSegment>>("segments");
    QTest::addRow("partial stdout line waits for its end") << QList<QByteArray> { "o:ab", "e:err\n",
        "o:c\n" } << QByteArray("err\nabc\n") << QList<LogSegment> { err(0, 4), out(4, 4) };
    QTest::addRow("alternating lines")
        << QList<QByteArray> { "o:1\n", "e:2\n", "o:3\n", "e:4\n" } << QByteArray("1\n2\n3\n4\n")
        << QList<LogSegment> { out(0, 2), err(2, 2), out(4, 2), err(6, 2) };
    QTest::addRow("partial stderr line flushed at finish") << QList<QByteArray> { "e:warn",
        "o:x\n" } << QByteArray("x\nwarn") << QList<LogSegment> { out(0, 2), err(2, 4) };
    QTest::addRow("both streams partial")
        << QList<QByteArray> { "o:out", "e:err", "o:put\n" } << QByteArray("output\nerr")
        << QList<LogSegment> { out(0, 7), err(7, 3) };
}

void TestLogSink::keepsLinesTogetherAndIndexesStderr()
{
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QByteArray, log);
    QFETCH(QList<LogSegment>, segments);
    LogSink sink(1, logPath(u"2.log"_s), 0);
    QVERIFY(sink.open());
    appendChunks(sink, chunks);
    sink.finish();
    QCOMPARE(readAll(sink.path()), log);
    QCOMPARE(LogSink::readSegments(sink.path()), segments);
}

void TestLogSink::mergesAdjacentStderrInIndex()
{
    LogSink sink(1, logPath(u"3.log"_s), 0);
    QVERIFY(sink.open());
    appendChunks(sink, { "e:e1\n", "e:e2\n", "e:e3\n", "o:o\n", "e:e4\n" });
    sink.finish();
    const QList<LogSegment> expected { err(0, 9), out(9, 2), err(11, 3) };
    QCOMPARE(LogSink::readSegments(sink.path()), expected);
    // One line per segment, not per write.
    QCOMPARE(readAll(LogSink::indexPathFor(sink.path())),
        QByteArray("000000000000000 000000000000009\n000000000000011 000000000000003\n"));
}

void TestLogSink::indexesRealProcessOutput()
{
    LogSink sink(5, logPath(u"5.log"_s), 0);
    QVERIFY(sink.open());
    Kumo::ProcessRunner runner;
    connect(&runner, &Kumo::ProcessRunner::output, &sink, &LogSink::append);
    QSignalSpy finished(&runner, &Kumo::ProcessRunner::finished);
    Kumo::ProcessSpec spec;
    spec.command = u"exec '"_s + QStringLiteral(KUMO_TEST_HELPER) + u"' interleave 300 -- partial tail 0"_s;
    runner.start(spec);
    QVERIFY(finished.wait(5000));
    sink.finish();

    QByteArray expectedOut;
    QByteArray expectedErr;
    for (int i = 1; i <= 300; ++i) {
        expectedOut += "out " + QByteArray::number(i) + '\n';
        expectedErr += "err " + QByteArray::number(i) + '\n';
    }
    expectedOut += "tail";
    QCOMPARE(streamBytes(sink.path(), OutputStream::Stdout), expectedOut);
    QCOMPARE(streamBytes(sink.path(), OutputStream::Stderr), expectedErr);

    // Segments tile the file and alternate streams.
    const QList<LogSegment> segments = LogSink::readSegments(sink.path());
    qint64 pos = 0;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        QCOMPARE(segments.at(i).offset, pos);
        QVERIFY(segments.at(i).length > 0);
        if (i > 0)
            QVERIFY(segments.at(i).stream != segments.at(i - 1).stream);
        pos += segments.at(i).length;
    }
    QCOMPARE(pos, sink.bytesWritten());
    QCOMPARE(pos, expectedOut.size() + expectedErr.size());
}

void TestLogSink::flushesPartialLineAfterDelay()
{
    LogSink sink(6, logPath(u"6.log"_s), 0);
    QVERIFY(sink.open());
    Kumo::ProcessRunner runner;
    QElapsedTimer sinceOutput;
    connect(&runner, &Kumo::ProcessRunner::output, &sink, [&](OutputStream stream, const QByteArray &data) {
        sink.append(stream, data);
        sinceOutput.start();
    });
    QSignalSpy finished(&runner, &Kumo::ProcessRunner::finished);
    Kumo::ProcessSpec spec;
    spec.command = u"exec '"_s + QStringLiteral(KUMO_TEST_HELPER) + u"' partial 'progress 42%' 5000"_s;
    spec.killGraceMs = 500;
    runner.start(spec);

    QTRY_VERIFY_WITH_TIMEOUT(sinceOutput.isValid(), 2000);
    QCOMPARE(sink.bytesWritten(), 0); // held back for a while, in case the line goes on
    QTRY_COMPARE_WITH_TIMEOUT(readAll(sink.path()), QByteArray("progress 42%"), 1000);
    QVERIFY(sinceOutput.elapsed() >= 150);
    QVERIFY(runner.isRunning());
    runner.cancel(u"done"_s);
    QVERIFY(finished.wait(2000));
}

void TestLogSink::writesOversizedPartialAtOnce()
{
    LogSink sink(7, logPath(u"7.log"_s), 0);
    QVERIFY(sink.open());
    const QByteArray longLine(70 * 1024, 'x');
    sink.append(OutputStream::Stdout, longLine);
    QCOMPARE(sink.bytesWritten(), longLine.size());
    QCOMPARE(readAll(sink.path()), longLine);
}

void TestLogSink::capsSizeAndMarksTruncation_data()
{
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QByteArray>("kept");
    QTest::addColumn<qint64>("dropped");
    QTest::addColumn<QList<LogSegment>>("keptSegments");

    QTest::addRow("cut inside a line")
        << qint64(10) << QList<QByteArray> { "o:12345\n", "o:67890\n", "o:abc\n" }
        << QByteArray("12345\n6789") << qint64(6) << QList<LogSegment> { out(0, 10) };
    QTest::addRow("cut at a line end")
        << qint64(12) << QList<QByteArray> { "o:12345\n", "o:67890\n", "o:abc\n" }
        << QByteArray("12345\n67890\n") << qint64(4) << QList<LogSegment> { out(0, 12) };
    QTest::addRow("stderr cut") << qint64(8) << QList<QByteArray> { "o:ab\n", "e:cdefgh\n", "e:more\n" }
                                << QByteArray("ab\ncdefg") << qint64(7)
                                << QList<LogSegment> { out(0, 3), err(3, 5) };
    QTest::addRow("partial lines beyond the cap")
        << qint64(4) << QList<QByteArray> { "o:abcd", "e:ef" } << QByteArray("abcd") << qint64(2)
        << QList<LogSegment> { out(0, 4) };
}

void TestLogSink::capsSizeAndMarksTruncation()
{
    QFETCH(qint64, cap);
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QByteArray, kept);
    QFETCH(qint64, dropped);
    QFETCH(QList<LogSegment>, keptSegments);

    LogSink sink(8, logPath(u"8.log"_s), cap);
    QVERIFY(sink.open());
    appendChunks(sink, chunks);
    sink.finish();
    QVERIFY(sink.truncated());
    QCOMPARE(sink.droppedBytes(), dropped);
    const QByteArray marker = (kept.endsWith('\n') ? "" : "\n") + "[kumo] log truncated: "_ba
        + QByteArray::number(dropped) + " bytes beyond the " + QByteArray::number(cap)
        + "-byte cap were dropped\n";
    QCOMPARE(readAll(sink.path()), kept + marker);
    QCOMPARE(sink.bytesWritten(), kept.size() + marker.size());

    // The marker is the log's own text, outside both streams' bytes; the index shows it as stdout.
    QList<LogSegment> segments = keptSegments;
    if (segments.last().stream == OutputStream::Stdout)
        segments.last().length += marker.size();
    else
        segments.append(out(kept.size(), marker.size()));
    QCOMPARE(LogSink::readSegments(sink.path()), segments);
}

void TestLogSink::appendedMatchesFile()
{
    LogSink sink(9, logPath(u"9.log"_s), 100);
    QVERIFY(sink.open());
    QSignalSpy appended(&sink, &LogSink::appended);
    for (int i = 0; i < 20; ++i)
        appendChunks(
            sink, { "o:line " + QByteArray::number(i) + '\n', "e:err " + QByteArray::number(i), "e:\n" });
    sink.finish();

    const QByteArray log = readAll(sink.path());
    QVERIFY(appended.size() > 2);
    qint64 expectedOffset = 0;
    for (const QList<QVariant> &args : std::as_const(appended)) {
        QCOMPARE(args.at(0).toLongLong(), 9);
        const qint64 offset = args.at(2).toLongLong();
        const QByteArray data = args.at(3).toByteArray();
        QCOMPARE(offset, expectedOffset);
        QCOMPARE(log.mid(offset, data.size()), data);
        expectedOffset += data.size();
    }
    QCOMPARE(expectedOffset, log.size());
    QVERIFY(appended.last().at(3).toByteArray().contains("[kumo] log truncated"));
}

void TestLogSink::readsGrowingLog()
{
    LogSink sink(10, logPath(u"10.log"_s), 0);
    QVERIFY(sink.open());
    QVERIFY(LogSink::readSegments(sink.path()).isEmpty());
    appendChunks(sink, { "e:boom\n", "o:ok\n" });
    QCOMPARE(LogSink::readSegments(sink.path()), (QList<LogSegment> { err(0, 5), out(5, 3) }));
    appendChunks(sink, { "e:again\n" });
    QCOMPARE(LogSink::readSegments(sink.path()), (QList<LogSegment> { err(0, 5), out(5, 3), err(8, 6) }));
    sink.finish();
    QCOMPARE(LogSink::readSegments(sink.path()), (QList<LogSegment> { err(0, 5), out(5, 3), err(8, 6) }));
}

void TestLogSink::reportsOpenError()
{
    const QString file = m_dir->filePath(u"not-a-dir"_s);
    QFile blocker(file);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    LogSink sink(11, file + u"/logs/11.log"_s, 0);
    QVERIFY(!sink.open());
    QVERIFY2(sink.errorString().contains(file), qPrintable(sink.errorString()));
    sink.append(OutputStream::Stdout, "ignored\n"); // harmless
    sink.finish();
    QCOMPARE(sink.bytesWritten(), 0);
}

void TestLogSink::removesLogAndIndex()
{
    LogSink sink(12, logPath(u"12.log"_s), 0);
    QVERIFY(sink.open());
    appendChunks(sink, { "o:out\n", "e:err\n" });
    sink.finish();
    QVERIFY(QFile::exists(sink.path()));
    QVERIFY(QFile::exists(LogSink::indexPathFor(sink.path())));
    QVERIFY(LogSink::remove(sink.path()));
    QVERIFY(!QFile::exists(sink.path()));
    QVERIFY(!QFile::exists(LogSink::indexPathFor(sink.path())));
    QVERIFY(LogSink::remove(sink.path())); // already gone is fine
    QVERIFY(LogSink::readSegments(sink.path()).isEmpty());
}

void TestLogSink::destructorFlushes()
{
    const QString path = logPath(u"13.log"_s);
    {
        LogSink sink(13, path, 0);
        QVERIFY(sink.open());
        sink.append(OutputStream::Stdout, "unfinished");
    }
    QCOMPARE(readAll(path), QByteArray("unfinished"));
}

QTEST_GUILESS_MAIN(TestLogSink)

#include "tst_logsink.moc"
