// SPDX-License-Identifier: MIT
// ArchiveExtractor against hostile archives written here with libarchive's writer (the
// repository ships no binaries): escapes, links out, device files, bombs, odd names, cancel.

#include "projects/archiveextractor.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>

#include <locale.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Kumo;

namespace {

struct Entry
{
    enum Kind { File, Dir, Symlink, Hardlink, Fifo, CharDevice };
    QByteArray name; // raw bytes, as stored
    Kind kind = File;
    QByteArray data; // content, or the link target
    int perm = 0644;
    qint64 zeros = 0; // when > 0, this many zero bytes instead of data
};
using Entries = QList<Entry>;

enum class Format { Zip, Pax, TarGz, TarXz, TarZst, SevenZip };

/// Writes with a locale whose charset decides libarchive's ZIP UTF-8 flag: set for C.UTF-8,
/// unset (raw bytes, as old Windows tools) for "C".
class ScopedLocale
{
public:
    explicit ScopedLocale(const char *name)
        : m_locale(newlocale(LC_CTYPE_MASK, name, locale_t(nullptr)))
    {
        if (m_locale)
            m_previous = uselocale(m_locale);
    }
    ~ScopedLocale()
    {
        if (m_locale) {
            uselocale(m_previous);
            freelocale(m_locale);
        }
    }

private:
    locale_t m_locale = locale_t(nullptr);
    locale_t m_previous = locale_t(nullptr);
};

bool writeArchive(const QString &path, Format format, const Entries &entries, bool utf8Names = true)
{
    ScopedLocale locale(utf8Names ? "C.UTF-8" : "C");
    archive *a = archive_write_new();
    switch (format) {
    case Format::Zip:
        archive_write_set_format_zip(a);
        break;
    case Format::Pax:
        archive_write_set_format_pax(a);
        break;
    case Format::TarGz:
        archive_write_set_format_pax(a);
        archive_write_add_filter_gzip(a);
        break;
    case Format::TarXz:
        archive_write_set_format_pax(a);
        archive_write_add_filter_xz(a);
        break;
    case Format::TarZst:
        archive_write_set_format_pax(a);
        archive_write_add_filter_zstd(a);
        break;
    case Format::SevenZip:
        archive_write_set_format_7zip(a);
        break;
    }
    bool ok = archive_write_open_filename(a, QFile::encodeName(path).constData()) == ARCHIVE_OK;
    const QByteArray zeros(1024 * 1024, '\0');
    for (const Entry &e : entries) {
        if (!ok)
            break;
        archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.constData());
        archive_entry_set_perm(entry, mode_t(e.perm));
        archive_entry_set_mtime(entry, 1'700'000'000, 0);
        switch (e.kind) {
        case Entry::File:
            archive_entry_set_filetype(entry, AE_IFREG);
            archive_entry_set_size(entry, e.zeros > 0 ? e.zeros : e.data.size());
            break;
        case Entry::Dir:
            archive_entry_set_filetype(entry, AE_IFDIR);
            break;
        case Entry::Symlink:
            archive_entry_set_filetype(entry, AE_IFLNK);
            archive_entry_set_symlink(entry, e.data.constData());
            break;
        case Entry::Hardlink:
            archive_entry_set_filetype(entry, AE_IFREG);
            archive_entry_set_hardlink(entry, e.data.constData());
            archive_entry_set_size(entry, 0);
            break;
        case Entry::Fifo:
            archive_entry_set_filetype(entry, AE_IFIFO);
            break;
        case Entry::CharDevice:
            archive_entry_set_filetype(entry, AE_IFCHR);
            archive_entry_set_rdev(entry, makedev(1, 3));
            break;
        }
        ok = archive_write_header(a, entry) >= ARCHIVE_WARN;
        if (ok && e.kind == Entry::File) {
            if (e.zeros > 0) {
                for (qint64 left = e.zeros; ok && left > 0; left -= zeros.size()) {
                    const qint64 n = std::min<qint64>(left, zeros.size());
                    ok = archive_write_data(a, zeros.constData(), size_t(n)) == n;
                }
            } else if (!e.data.isEmpty()) {
                ok = archive_write_data(a, e.data.constData(), size_t(e.data.size())) == e.data.size();
            }
        }
        archive_entry_free(entry);
    }
    if (!ok)
        qWarning("archive writer: %s", archive_error_string(a));
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    archive_write_free(a);
    return ok;
}

Entry file(const QByteArray &name, const QByteArray &data = "x", int perm = 0644)
{
    return { name, Entry::File, data, perm, 0 };
}
Entry dir(const QByteArray &name)
{
    return { name, Entry::Dir, {}, 0755, 0 };
}
Entry symbolicLink(const QByteArray &name, const QByteArray &target)
{
    return { name, Entry::Symlink, target, 0777, 0 };
}
Entry hardLink(const QByteArray &name, const QByteArray &target)
{
    return { name, Entry::Hardlink, target, 0644, 0 };
}
Entry special(const QByteArray &name, Entry::Kind kind)
{
    return { name, kind, {}, 0644, 0 };
}
Entry zeros(const QByteArray &name, qint64 size)
{
    return { name, Entry::File, {}, 0644, size };
}

// "中文目录/数据.txt" in GBK, as a ZIP made on a Chinese Windows stores it.
const QByteArray gbkName = QByteArray("\xD6\xD0\xCE\xC4\xC4\xBF\xC2\xBC/\xCA\xFD\xBE\xDD.txt");

/// A ustar header for a regular file @p name of @p size bytes, written by hand: libarchive's
/// writer would pad the data out to the declared size, and these tests want headers that
/// promise gigabytes without writing them.
QByteArray tarHeader(const QByteArray &name, qint64 size)
{
    QByteArray header(512, '\0');
    const auto put = [&header](int offset, const QByteArray &value) {
        std::copy(value.cbegin(), value.cend(), header.begin() + offset);
    };
    put(0, name);
    put(100, "0000644");
    put(108, "0000000");
    put(116, "0000000");
    put(124, QByteArray::number(size, 8).rightJustified(11, '0'));
    put(136, QByteArray::number(1'700'000'000, 8).rightJustified(11, '0'));
    put(148, "        "); // the checksum counts its own field as spaces
    put(156, "0");
    put(257, "ustar");
    put(263, "00");
    int sum = 0;
    for (const char c : std::as_const(header))
        sum += uchar(c);
    put(148, QByteArray::number(sum, 8).rightJustified(6, '0') + QByteArray("\0 ", 2));
    return header;
}

/// Writes @p data gzip-compressed to @p path (a bare .gz stream, no archive format inside it).
bool writeGzip(const QString &path, const QByteArray &data)
{
    archive *a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_raw(a);
    bool ok = archive_write_open_filename(a, QFile::encodeName(path).constData()) == ARCHIVE_OK;
    archive_entry *entry = archive_entry_new();
    archive_entry_set_filetype(entry, AE_IFREG);
    ok = ok && archive_write_header(a, entry) == ARCHIVE_OK
        && archive_write_data(a, data.constData(), size_t(data.size())) == data.size();
    archive_entry_free(entry);
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    archive_write_free(a);
    return ok;
}

constexpr qint64 kFiveGiB = 5LL * 1024 * 1024 * 1024;

} // namespace

Q_DECLARE_METATYPE(Entry)
Q_DECLARE_METATYPE(Format)
Q_DECLARE_METATYPE(Kumo::ExtractionLimits)

class TestArchiveExtractor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void refusesHostileArchives_data();
    void refusesHostileArchives();
    void allowsLinksInside_data();
    void allowsLinksInside();
    void roundTrips_data();
    void roundTrips();
    void keepsOnlyTheExecutableBit();
    void decodesGbkNames();
    void refusesUndecodableNames();
    void refusesBombs_data();
    void refusesBombs();
    void refusesHugeEntriesFromTheHeader_data();
    void refusesHugeEntriesFromTheHeader();
    void refusesNestedCompression();
    void doesNotUnpackNestedArchives();
    void singleTopLevelDir_data();
    void singleTopLevelDir();
    void targetMustNotExist();
    void refusesMtree();
    void reportsProgressAndCancels();
    void cancelledBeforeStart();
    void createZipRoundTrip();

private:
    QString archivePath(const QString &name) const { return m_dir->filePath(name); }
    QString target() const { return m_dir->filePath(u"out/project"_s); }
    void verifyNothingLeft() const;
    static QByteArray readAll(const QString &path);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestArchiveExtractor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestArchiveExtractor::verifyNothingLeft() const
{
    // Neither the target nor a .part directory, and nothing escaped next to them.
    const QStringList left
        = QDir(m_dir->filePath(u"out"_s))
              .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(u", "_s)));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"evil"_s)));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"x"_s)));
}

QByteArray TestArchiveExtractor::readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void TestArchiveExtractor::refusesHostileArchives_data()
{
    QTest::addColumn<Format>("format");
    QTest::addColumn<Entries>("entries");
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("error");

    // Each starts with good entries: all or nothing means they must not survive either.
    const Entries ok = { dir("proj"), file("proj/main.py", "print(1)\n") };
    QTest::addRow("zip slip") << Format::Zip << (ok + Entries { file("../evil") }) << u"../evil"_s
                              << u"would be written outside the project"_s;
    QTest::addRow("deep zip slip") << Format::Zip << (ok + Entries { file("proj/a/../../../evil") })
                                   << u"proj/a/../../../evil"_s << u"outside the project"_s;
    // libarchive turns the backslashes of ZIP names into slashes itself; in tar they are ours to catch.
    QTest::addRow("backslash slip zip") << Format::Zip << (ok + Entries { file("..\\..\\evil") })
                                        << u"../../evil"_s << u"outside the project"_s;
    QTest::addRow("backslash slip tar") << Format::Pax << (ok + Entries { file("proj\\..\\..\\evil") })
                                        << u"proj\\..\\..\\evil"_s << u"outside the project"_s;
    QTest::addRow("tar slip") << Format::TarGz << (ok + Entries { file("../../etc/passwd") })
                              << u"../../etc/passwd"_s
                              << u"entry '../../etc/passwd' would be written outside the project"_s;
    QTest::addRow("absolute path") << Format::Pax << (ok + Entries { file("/tmp/kumo-evil") })
                                   << u"/tmp/kumo-evil"_s << u"absolute path"_s;
    QTest::addRow("drive letter") << Format::Zip << (ok + Entries { file("C:\\evil") }) << u"C:/evil"_s
                                  << u"absolute path"_s;
    QTest::addRow("symlink to /etc/passwd")
        << Format::Pax << (ok + Entries { symbolicLink("proj/passwd", "/etc/passwd") }) << u"proj/passwd"_s
        << u"symbolic link to the absolute path '/etc/passwd'"_s;
    QTest::addRow("zip symlink to /etc/passwd")
        << Format::Zip << (ok + Entries { symbolicLink("passwd", "/etc/passwd") }) << u"passwd"_s
        << u"absolute path"_s;
    QTest::addRow("symlink up") << Format::Pax << (ok + Entries { symbolicLink("proj/a", "../../x") })
                                << u"proj/a"_s << u"points outside the project"_s;
    QTest::addRow("symlink chain")
        << Format::Pax << (ok + Entries { symbolicLink("proj/up", ".."), symbolicLink("proj/esc", "up/..") })
        << u"proj/esc"_s << u"points outside the project"_s;
    // Lexically inside when made; a later link turns it outward.
    QTest::addRow("symlink turned outward later")
        << Format::Pax << (ok + Entries { symbolicLink("proj/l", "../p/.."), symbolicLink("p", ".") })
        << u"proj/l"_s << u"points outside the project"_s;
    QTest::addRow("symlink loop") << Format::Pax
                                  << (ok + Entries { symbolicLink("a", "b"), symbolicLink("b", "a") })
                                  << u"a"_s << u"loop of links"_s;
    QTest::addRow("write through symlink")
        << Format::Pax << (ok + Entries { symbolicLink("lnk", "proj"), file("lnk/evil") }) << u"lnk/evil"_s
        << u"through the symbolic link 'lnk'"_s;
    QTest::addRow("hard link outside") << Format::Pax << (ok + Entries { hardLink("proj/h", "../outside") })
                                       << u"proj/h"_s << u"hard link to '../outside', which is outside"_s;
    QTest::addRow("hard link absolute") << Format::Pax << (ok + Entries { hardLink("proj/h", "/etc/passwd") })
                                        << u"proj/h"_s << u"which is outside the project"_s;
    QTest::addRow("hard link to later file")
        << Format::Pax << (ok + Entries { hardLink("proj/h", "proj/later"), file("proj/later") })
        << u"proj/h"_s << u"not a file extracted before it"_s;
    QTest::addRow("hard link to symlink")
        << Format::Pax << (ok + Entries { symbolicLink("proj/s", "main.py"), hardLink("proj/h", "proj/s") })
        << u"proj/h"_s << u"not a file extracted before it"_s;
    QTest::addRow("fifo") << Format::Pax << (ok + Entries { special("proj/fifo", Entry::Fifo) })
                          << u"proj/fifo"_s << u"FIFO"_s;
    QTest::addRow("char device") << Format::Pax << (ok + Entries { special("proj/null", Entry::CharDevice) })
                                 << u"proj/null"_s << u"device file"_s;
    QTest::addRow("duplicate") << Format::Pax << (ok + Entries { file("proj/main.py") }) << u"proj/main.py"_s
                               << u"appears more than once"_s;
    QTest::addRow("file over folder")
        << Format::Pax << (ok + Entries { file("proj") }) << u"proj"_s << u"appears more than once"_s;
    QTest::addRow("file as parent") << Format::Pax << (ok + Entries { file("proj/main.py/x") })
                                    << u"proj/main.py/x"_s << u"but it is a file"_s;
    QTest::addRow("empty name") << Format::Pax << (ok + Entries { file(".") }) << u"."_s << u"empty name"_s;
    QTest::addRow("control character")
        << Format::Pax << (ok + Entries { file("proj/a\nb") }) << u"proj/a\nb"_s << u"control characters"_s;
    const QByteArray longPath = QByteArray(200, 'd') + '/' + QByteArray(200, 'd') + '/' + QByteArray(200, 'd')
        + '/' + QByteArray(200, 'd') + '/' + QByteArray(200, 'd') + '/' + QByteArray(200, 'f');
    QTest::addRow("path too long") << Format::Pax << (ok + Entries { file(longPath) })
                                   << QString::fromUtf8(longPath) << u"longer than 1024 bytes"_s;
    QTest::addRow("name too long") << Format::Pax << (ok + Entries { file(QByteArray(300, 'n')) })
                                   << QString(300, u'n') << u"longer than 255 bytes"_s;
}

void TestArchiveExtractor::refusesHostileArchives()
{
    QFETCH(Format, format);
    QFETCH(Entries, entries);
    QFETCH(QString, entry);
    QFETCH(QString, error);
    const QString path = archivePath(u"hostile"_s);
    QVERIFY(writeArchive(path, format, entries));
    QVERIFY(QDir().mkpath(m_dir->filePath(u"out"_s)));

    const ExtractionResult result = ArchiveExtractor().extract(path, target());
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"'"_s + entry + u"'"_s), qPrintable(result.error));
    QCOMPARE(result.entry, entry);
    verifyNothingLeft();
}

void TestArchiveExtractor::allowsLinksInside_data()
{
    QTest::addColumn<Format>("format");
    QTest::addColumn<Entries>("entries");
    QTest::addColumn<QString>("link");
    QTest::addColumn<QByteArray>("content"); // read through the link

    QTest::addRow("symlink to sibling")
        << Format::Pax << Entries { file("proj/a.txt", "A"), symbolicLink("proj/b.txt", "a.txt") }
        << u"proj/b.txt"_s << QByteArray("A");
    QTest::addRow("symlink up and down")
        << Format::Pax
        << Entries { file("proj/data/a.txt", "A"), symbolicLink("proj/bin/a", "../data/a.txt") }
        << u"proj/bin/a"_s << QByteArray("A");
    QTest::addRow("symlink to root") << Format::Pax
                                     << Entries { file("proj/a.txt", "A"), symbolicLink("proj/up", "..") }
                                     << u"proj/up/proj/a.txt"_s << QByteArray("A");
    QTest::addRow("zip symlink") << Format::Zip
                                 << Entries { file("proj/a.txt", "A"), symbolicLink("proj/b", "a.txt") }
                                 << u"proj/b"_s << QByteArray("A");
    QTest::addRow("dangling inside") << Format::Pax
                                     << Entries { file("proj/a.txt", "A"), symbolicLink("proj/b", "gone") }
                                     << u"proj/a.txt"_s << QByteArray("A");
    QTest::addRow("hard link to earlier file")
        << Format::Pax << Entries { file("proj/a.txt", "A"), hardLink("proj/sub/b.txt", "proj/a.txt") }
        << u"proj/sub/b.txt"_s << QByteArray("A");
    QTest::addRow("dot slash tarball") << Format::TarGz << Entries { dir("./"), file("./proj/a.txt", "A") }
                                       << u"proj/a.txt"_s << QByteArray("A");
    QTest::addRow("windows separators")
        << Format::Zip << Entries { file("proj\\sub\\a.txt", "A") } << u"proj/sub/a.txt"_s << QByteArray("A");
}

void TestArchiveExtractor::allowsLinksInside()
{
    QFETCH(Format, format);
    QFETCH(Entries, entries);
    QFETCH(QString, link);
    QFETCH(QByteArray, content);
    const QString path = archivePath(u"links"_s);
    QVERIFY(writeArchive(path, format, entries));

    const ExtractionResult result = ArchiveExtractor().extract(path, target());
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(readAll(QDir(target()).filePath(link)), content);
    QCOMPARE(result.singleTopLevelDir, u"proj"_s);
}

void TestArchiveExtractor::roundTrips_data()
{
    QTest::addColumn<Format>("format");
    QTest::addRow("zip") << Format::Zip;
    QTest::addRow("tar") << Format::Pax;
    QTest::addRow("tar.gz") << Format::TarGz;
    QTest::addRow("tar.xz") << Format::TarXz;
    QTest::addRow("tar.zst") << Format::TarZst;
    QTest::addRow("7z") << Format::SevenZip;
}

void TestArchiveExtractor::roundTrips()
{
    QFETCH(Format, format);
    const QByteArray big = QByteArray("0123456789abcdef").repeated(20'000);
    const Entries entries = { dir("proj"), file("proj/main.py", "print('hi')\n", 0755), dir("proj/data"),
        file("proj/data/数据.txt", big), file("proj/empty.txt", {}) };
    const QString path = archivePath(u"round"_s);
    QVERIFY(writeArchive(path, format, entries));

    const ExtractionResult result = ArchiveExtractor().extract(path, target());
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.files, 3);
    QCOMPARE(result.directories, 2);
    QCOMPARE(result.bytes, qint64(12 + big.size()));
    QCOMPARE(result.singleTopLevelDir, u"proj"_s);
    const QDir out(target());
    QCOMPARE(readAll(out.filePath(u"proj/main.py"_s)), QByteArray("print('hi')\n"));
    QCOMPARE(readAll(out.filePath(u"proj/data/数据.txt"_s)), big);
    QVERIFY(QFileInfo(out.filePath(u"proj/empty.txt"_s)).isFile());
    QVERIFY(QFileInfo(out.filePath(u"proj/main.py"_s)).isExecutable());
    QVERIFY(!QFileInfo(out.filePath(u"proj/data/数据.txt"_s)).isExecutable());
    // Only the target is left: the .part directory became it.
    QCOMPARE(QDir(m_dir->filePath(u"out"_s)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
        QStringList { u"project"_s });
}

void TestArchiveExtractor::keepsOnlyTheExecutableBit()
{
    const QString path = archivePath(u"modes.tar"_s);
    QVERIFY(writeArchive(path, Format::Pax,
        { file("suid", "x", 06777), file("sticky", "x", 01666), file("private", "x", 0600),
            file("group", "x", 0070) }));
    const ExtractionResult result = ArchiveExtractor().extract(path, target());
    QVERIFY2(result.ok, qPrintable(result.error));
    const auto mode = [this](const char *name) {
        struct stat st = {};
        ::lstat(QFile::encodeName(QDir(target()).filePath(QString::fromLatin1(name))).constData(), &st);
        return int(st.st_mode & 07777);
    };
    QCOMPARE(mode("suid"), 0755);
    QCOMPARE(mode("sticky"), 0644);
    QCOMPARE(mode("private"), 0644);
    QCOMPARE(mode("group"), 0755);
    QCOMPARE(mode(""), 0755);
}

void TestArchiveExtractor::decodesGbkNames()
{
    const QString path = archivePath(u"gbk.zip"_s);
    QVERIFY(writeArchive(path, Format::Zip, { file(gbkName, "data") }, false));
    // As a Chinese Windows writes it: general purpose bit 11 (UTF-8 names) unset.
    const QByteArray zip = readAll(path);
    QVERIFY(zip.startsWith("PK\x03\x04"));
    QCOMPARE(quint8(zip.at(7)) & 0x08, 0);

    const ExtractionResult result = ArchiveExtractor().extract(path, target());
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(readAll(QDir(target()).filePath(u"中文目录/数据.txt"_s)), QByteArray("data"));
    QCOMPARE(result.singleTopLevelDir, u"中文目录"_s);
}

void TestArchiveExtractor::refusesUndecodableNames()
{
    const QString path = archivePath(u"bad.zip"_s);
    // Neither UTF-8 nor GB18030: 0xFF leads nothing in either.
    QVERIFY(writeArchive(path, Format::Zip, { file("good.txt"), file("bad\xFF\xFE.txt") }, false));
    QVERIFY(QDir().mkpath(m_dir->filePath(u"out"_s)));
    const ExtractionResult result = ArchiveExtractor().extract(path, target());
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"neither UTF-8 nor GBK"_s), qPrintable(result.error));
    QCOMPARE(result.entry, u"bad\uFFFD\uFFFD.txt"_s);
    verifyNothingLeft();
}

void TestArchiveExtractor::refusesBombs_data()
{
    QTest::addColumn<Format>("format");
    QTest::addColumn<Entries>("entries");
    QTest::addColumn<ExtractionLimits>("limits");
    QTest::addColumn<QString>("error");

    ExtractionLimits ratio;
    ratio.maxRatio = 20;
    // 100 MB of zeros deflate to ~100 KB: stopped once past the ratio, long before the end.
    QTest::addRow("ratio") << Format::Zip << Entries { file("a"), zeros("bomb", 100'000'000) } << ratio
                           << u"times its size"_s;
    ExtractionLimits entry;
    entry.maxEntryBytes = 1000;
    QTest::addRow("entry size") << Format::TarGz
                                << Entries { file("a", QByteArray(1000, 'a')),
                                       file("b", QByteArray(1001, 'b')) }
                                << entry << u"entry 'b' is larger than the limit of 1000 bytes"_s;
    ExtractionLimits total;
    total.maxTotalBytes = 2500;
    QTest::addRow("total size") << Format::Zip
                                << Entries { file("a", QByteArray(1000, 'a')),
                                       file("b", QByteArray(1000, 'b')), file("c", QByteArray(1000, 'c')) }
                                << total << u"more than the limit of 2500 bytes (at entry 'c')"_s;
    ExtractionLimits count;
    count.maxEntries = 5;
    Entries many;
    for (int i = 0; i < 10; ++i)
        many.append(file("f" + QByteArray::number(i)));
    QTest::addRow("entry count") << Format::Pax << many << count << u"more than 5 entries"_s;
    ExtractionLimits path;
    path.maxPathLength = 16;
    QTest::addRow("path length") << Format::Zip << Entries { file("dir/0123456789abcdef") } << path
                                 << u"longer than 16 bytes"_s;
}

void TestArchiveExtractor::refusesBombs()
{
    QFETCH(Format, format);
    QFETCH(Entries, entries);
    QFETCH(ExtractionLimits, limits);
    QFETCH(QString, error);
    const QString path = archivePath(u"bomb"_s);
    QVERIFY(writeArchive(path, format, entries));
    QVERIFY(QDir().mkpath(m_dir->filePath(u"out"_s)));

    QElapsedTimer timer;
    timer.start();
    const ExtractionResult result = ArchiveExtractor(limits).extract(path, target());
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
    QVERIFY(timer.elapsed() < 3000);
    verifyNothingLeft();
}

void TestArchiveExtractor::refusesHugeEntriesFromTheHeader_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<ExtractionLimits>("limits");
    QTest::addColumn<QString>("error");
    QTest::addRow("5 GiB of zeros in a tar")
        << u"sparse tar"_s << ExtractionLimits()
        << u"entry 'zeros.bin' is larger than the limit of 1073741824 bytes"_s;
    QTest::addRow("5 GiB promised by a truncated tar.gz")
        << u"truncated tar.gz"_s << ExtractionLimits() << u"is larger than the limit"_s;
    ExtractionLimits generous;
    generous.maxEntryBytes = generous.maxTotalBytes = 8 * kFiveGiB;
    QTest::addRow("5 GiB promised, generous size limits")
        << u"truncated tar.gz"_s << generous << u"times its size"_s;
    ExtractionLimits total = generous;
    total.maxTotalBytes = 4LL * 1024 * 1024 * 1024;
    total.maxRatio = 0;
    QTest::addRow("5 GiB of zeros, total limit")
        << u"sparse tar"_s << total << u"unpacks to more than the limit"_s;
}

void TestArchiveExtractor::refusesHugeEntriesFromTheHeader()
{
    QFETCH(QString, kind);
    QFETCH(ExtractionLimits, limits);
    QFETCH(QString, error);
    const QByteArray head = tarHeader("zeros.bin", kFiveGiB);
    const QString path = archivePath(u"huge"_s);
    if (kind == u"sparse tar") {
        // A real 5 GiB archive of zeros that takes no disk: the header, then a hole.
        QFile tar(path);
        QVERIFY(tar.open(QIODevice::WriteOnly));
        QCOMPARE(tar.write(head), head.size());
        QVERIFY(tar.resize(head.size() + kFiveGiB + 1024));
        QCOMPARE(QFileInfo(path).size(), head.size() + kFiveGiB + 1024);
    } else {
        // Only the first MiB of the promised data exists: reading on would hit the truncation.
        QVERIFY(writeGzip(path, head + QByteArray(1024 * 1024, '\0')));
    }
    qint64 written = 0;
    const ExtractionResult result = ArchiveExtractor(limits).extract(
        path, target(), [&](qint64 bytes, qint64, qint64) { written = std::max(written, bytes); });
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
    QCOMPARE(result.entry, u"zeros.bin"_s);
    QCOMPARE(written, 0); // refused on the header: not one byte of it was unpacked
    verifyNothingLeft();
}

void TestArchiveExtractor::refusesNestedCompression()
{
    // tar → gzip → gzip: libarchive peels both layers, so 200 MB come from a few KiB and the
    // ratio limit applies to the whole (from the declared size, else as the bytes come).
    const QString inner = archivePath(u"inner.tar.gz"_s);
    QVERIFY(writeArchive(inner, Format::TarGz, { zeros("a", 200'000'000) }));
    const QString path = archivePath(u"nested.tar.gz.gz"_s);
    QVERIFY(writeGzip(path, readAll(inner)));
    QVERIFY(QFileInfo(path).size() < 64 * 1024);
    qint64 written = 0;
    const ExtractionResult result = ArchiveExtractor().extract(
        path, target(), [&](qint64 bytes, qint64, qint64) { written = std::max(written, bytes); });
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"possible zip bomb"_s), qPrintable(result.error));
    QVERIFY(written < 16 * 1024 * 1024);
    verifyNothingLeft();
}

void TestArchiveExtractor::doesNotUnpackNestedArchives()
{
    // A 42.zip-style bomb: archives of archives of zeros. Kumo unpacks one level only, so the
    // inner archives are stored as the small files they are.
    const QString leaf = archivePath(u"leaf.zip"_s);
    QVERIFY(writeArchive(leaf, Format::Zip, { zeros("zeros.bin", 50'000'000) }));
    const QByteArray leafBytes = readAll(leaf);
    Entries middle;
    for (int i = 0; i < 8; ++i)
        middle.append(file("leaf" + QByteArray::number(i) + ".zip", leafBytes));
    const QString middlePath = archivePath(u"middle.zip"_s);
    QVERIFY(writeArchive(middlePath, Format::Zip, middle));
    Entries outer;
    for (int i = 0; i < 8; ++i)
        outer.append(file("part" + QByteArray::number(i) + ".zip", readAll(middlePath)));
    const QString path = archivePath(u"42.zip"_s);
    QVERIFY(writeArchive(path, Format::Zip, outer));

    const ExtractionResult result = ArchiveExtractor().extract(path, target());
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.files, 8);
    QCOMPARE(result.bytes, 8 * QFileInfo(middlePath).size()); // 3.2 GB if it were recursive
    QCOMPARE(readAll(QDir(target()).filePath(u"part3.zip"_s)), readAll(middlePath));
}

void TestArchiveExtractor::singleTopLevelDir_data()
{
    QTest::addColumn<Entries>("entries");
    QTest::addColumn<QString>("expected");
    QTest::addRow("one folder") << Entries { dir("proj"), file("proj/a") } << u"proj"_s;
    QTest::addRow("implicit folder") << Entries { file("proj/a"), file("proj/b/c") } << u"proj"_s;
    QTest::addRow("macOS litter") << Entries { file("proj/a"), file("__MACOSX/proj/._a"), file(".DS_Store"),
        file("proj/.DS_Store") } << u"proj"_s;
    QTest::addRow("loose file") << Entries { file("a.txt") } << QString();
    QTest::addRow("two folders") << Entries { file("proj/a"), file("other/b") } << QString();
    QTest::addRow("folder and file") << Entries { file("proj/a"), file("readme.txt") } << QString();
    QTest::addRow("top-level link") << Entries { file("proj/a"), symbolicLink("link", "proj") } << QString();
}

void TestArchiveExtractor::singleTopLevelDir()
{
    QFETCH(Entries, entries);
    QFETCH(QString, expected);
    const QString path = archivePath(u"top.zip"_s);
    QVERIFY(writeArchive(path, Format::Zip, entries));
    const ExtractionResult result = ArchiveExtractor().extract(path, target());
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.singleTopLevelDir, expected);
}

void TestArchiveExtractor::targetMustNotExist()
{
    const QString path = archivePath(u"a.zip"_s);
    QVERIFY(writeArchive(path, Format::Zip, { file("a.txt", "new") }));
    QVERIFY(QDir().mkpath(target()));
    QFile old(QDir(target()).filePath(u"a.txt"_s));
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old");
    old.close();

    const ExtractionResult result = ArchiveExtractor().extract(path, target());
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"already exists"_s), qPrintable(result.error));
    QCOMPARE(readAll(old.fileName()), QByteArray("old"));
    QCOMPARE(QDir(m_dir->filePath(u"out"_s)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
        QStringList { u"project"_s });

    // Not an archive at all.
    QFile text(archivePath(u"notes.txt"_s));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("just some text, not an archive\n");
    text.close();
    const ExtractionResult notArchive
        = ArchiveExtractor().extract(text.fileName(), m_dir->filePath(u"out/other"_s));
    QVERIFY(!notArchive.ok);
    QCOMPARE(QDir(m_dir->filePath(u"out"_s)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
        QStringList { u"project"_s });
}

void TestArchiveExtractor::refusesMtree()
{
    // An mtree "archive" names files on this machine for libarchive to read: never an upload.
    QFile spec(archivePath(u"spec.mtree"_s));
    QVERIFY(spec.open(QIODevice::WriteOnly));
    spec.write("#mtree\n./passwd type=file mode=0644 contents=/etc/passwd\n");
    spec.close();
    const ExtractionResult result = ArchiveExtractor().extract(spec.fileName(), target());
    QVERIFY(!result.ok);
    QVERIFY(!QFileInfo::exists(target()));
}

void TestArchiveExtractor::reportsProgressAndCancels()
{
    const QString path = archivePath(u"big.tar"_s);
    QVERIFY(writeArchive(path, Format::Pax, { zeros("a", 3 * 1024 * 1024), zeros("b", 3 * 1024 * 1024) }));

    QList<qint64> written;
    const ExtractionResult result
        = ArchiveExtractor().extract(path, target(), [&](qint64 bytes, qint64 read, qint64 size) {
              QVERIFY(read <= size);
              written.append(bytes);
          });
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(written.size() >= 6 && written.size() <= 7);
    QVERIFY(std::is_sorted(written.cbegin(), written.cend()));
    QCOMPARE(written.last(), qint64(6 * 1024 * 1024));

    QVERIFY(QDir(target()).removeRecursively());
    std::atomic_bool cancel = false;
    int calls = 0;
    const ExtractionResult cancelled = ArchiveExtractor().extract(
        path, target(),
        [&](qint64, qint64, qint64) {
            ++calls;
            cancel = true;
        },
        &cancel);
    QVERIFY(!cancelled.ok);
    QCOMPARE(cancelled.error, u"cancelled"_s);
    QCOMPARE(calls, 1);
    verifyNothingLeft();
}

void TestArchiveExtractor::cancelledBeforeStart()
{
    const QString path = archivePath(u"a.zip"_s);
    QVERIFY(writeArchive(path, Format::Zip, { file("a.txt") }));
    const std::atomic_bool cancel = true;
    const ExtractionResult result = ArchiveExtractor().extract(path, target(), {}, &cancel);
    QVERIFY(!result.ok);
    QCOMPARE(result.error, u"cancelled"_s);
    verifyNothingLeft();
}

void TestArchiveExtractor::createZipRoundTrip()
{
    const QDir source(m_dir->filePath(u"source"_s));
    QVERIFY(source.mkpath(u"app/数据"_s));
    QVERIFY(source.mkpath(u"empty"_s));
    const auto write = [&](const QString &name, const QByteArray &data) {
        QFile f(source.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
    };
    write(u"app/main.py"_s, "print('hi')\n");
    write(u"app/数据/表.csv"_s, "a,b\n1,2\n");
    write(u".env"_s, "KEY=1\n");
    QVERIFY(QFile::setPermissions(source.filePath(u"app/main.py"_s),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup));
    QVERIFY(QFile::link(u"main.py"_s, source.filePath(u"app/run.py"_s)));

    // The zip may be written into the folder it packs without packing itself.
    const QString zip = source.filePath(u"download.zip"_s);
    QString error;
    QVERIFY2(ArchiveExtractor::createZip(source.path(), zip, &error), qPrintable(error));

    const ExtractionResult result = ArchiveExtractor().extract(zip, target());
    QVERIFY2(result.ok, qPrintable(result.error));
    const QDir out(target());
    QCOMPARE(readAll(out.filePath(u"app/main.py"_s)), QByteArray("print('hi')\n"));
    QCOMPARE(readAll(out.filePath(u"app/数据/表.csv"_s)), QByteArray("a,b\n1,2\n"));
    QCOMPARE(readAll(out.filePath(u".env"_s)), QByteArray("KEY=1\n"));
    QVERIFY(QFileInfo(out.filePath(u"empty"_s)).isDir());
    QVERIFY(QFileInfo(out.filePath(u"app/main.py"_s)).isExecutable());
    QVERIFY(QFileInfo(out.filePath(u"app/run.py"_s)).isSymLink());
    QCOMPARE(QFile::symLinkTarget(out.filePath(u"app/run.py"_s)), out.filePath(u"app/main.py"_s));
    QVERIFY(!QFileInfo::exists(out.filePath(u"download.zip"_s)));
    QCOMPARE(result.files, 4);

    QVERIFY(!ArchiveExtractor::createZip(m_dir->filePath(u"missing"_s), archivePath(u"x.zip"_s), &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestArchiveExtractor)
#include "tst_archiveextractor.moc"
