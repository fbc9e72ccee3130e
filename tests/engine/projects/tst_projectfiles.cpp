// SPDX-License-Identifier: MIT
// ProjectFiles on real directories: hostile paths, symlinks out of the root, listing order,
// encoding detection, atomic writes and the rename/remove rules.

#include "projects/projectfiles.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Kumo;

namespace {

constexpr QFileDevice::Permissions ModeBits = QFileDevice::ReadOwner | QFileDevice::WriteOwner
    | QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
    | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

bool writeRaw(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readRaw(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList namesIn(const QString &dir)
{
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}

QStringList namesOf(const QList<FileEntry> &entries)
{
    QStringList names;
    for (const FileEntry &entry : entries)
        names.append(entry.name);
    return names;
}

} // namespace

class TestProjectFiles final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void hostilePaths_data();
    void hostilePaths();
    void harmlessOddNames_data();
    void harmlessOddNames();
    void symlinksOutOfTheRoot();
    void siblingWithTheSamePrefix();
    void symlinksInsideTheRoot();
    void rootGivenThroughALink();
    void missingRoot();
    void listOrdering();
    void listErrors();
    void readEncodings_data();
    void readEncodings();
    void readErrors();
    void atomicWrite();
    void writeErrors();
    void makeDirectory();
    void renameRules();
    void removeRules();
    void removingATreeLeavesLinkTargetsOutside();

private:
    [[nodiscard]] QString project(const QString &relPath = {}) const;
    [[nodiscard]] QString outside(const QString &relPath = {}) const;
    void verifyOutsideUntouched() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ProjectFiles> m_files;
};

void TestProjectFiles::init()
{
    // <tmp>/project is the root; <tmp>/outside holds what no operation may ever reach.
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir(m_dir->path()).mkpath(u"project/a"_s));
    QVERIFY(QDir(m_dir->path()).mkpath(u"outside/dir"_s));
    QVERIFY(writeRaw(outside(u"secret.txt"_s), "secret"));
    QVERIFY(writeRaw(outside(u"dir/inner.txt"_s), "inner"));
    QVERIFY(writeRaw(project(u"a/file.txt"_s), "file"));
    m_files = std::make_unique<ProjectFiles>(project());
}

QString TestProjectFiles::project(const QString &relPath) const
{
    return relPath.isEmpty() ? m_dir->filePath(u"project"_s) : m_dir->filePath(u"project/"_s + relPath);
}

QString TestProjectFiles::outside(const QString &relPath) const
{
    return relPath.isEmpty() ? m_dir->filePath(u"outside"_s) : m_dir->filePath(u"outside/"_s + relPath);
}

void TestProjectFiles::verifyOutsideUntouched() const
{
    QCOMPARE(namesIn(outside()), QStringList({ u"dir"_s, u"secret.txt"_s }));
    QCOMPARE(namesIn(outside(u"dir"_s)), QStringList({ u"inner.txt"_s }));
    QCOMPARE(readRaw(outside(u"secret.txt"_s)), QByteArray("secret"));
    QCOMPARE(readRaw(outside(u"dir/inner.txt"_s)), QByteArray("inner"));
    QVERIFY(QFileInfo::exists(m_dir->path()));
    QCOMPARE(namesIn(m_dir->path()), QStringList({ u"outside"_s, u"project"_s }));
}

void TestProjectFiles::hostilePaths_data()
{
    QTest::addColumn<QString>("relPath");
    QTest::addRow("parent") << u"../x"_s;
    QTest::addRow("parent into outside") << u"../outside/secret.txt"_s;
    QTest::addRow("parent after a name") << u"a/../../x"_s;
    QTest::addRow("parent that stays inside") << u"a/../a/file.txt"_s;
    QTest::addRow("parent at the end") << u"a/.."_s;
    QTest::addRow("parent alone") << u".."_s;
    QTest::addRow("absolute") << u"/etc/passwd"_s;
    QTest::addRow("absolute root") << u"/"_s;
    QTest::addRow("backslashes") << u"a\\..\\b"_s;
    QTest::addRow("backslash parent") << u"..\\outside"_s;
    QTest::addRow("empty component") << u"a//b"_s;
    QTest::addRow("trailing slash") << u"a/"_s;
    QTest::addRow("current directory") << u"./a"_s;
    QTest::addRow("dot alone") << u"."_s;
    QTest::addRow("NUL") << QString(u"a"_s + QChar(0) + u"b"_s);
    QTest::addRow("NUL then parent") << QString(u"a"_s + QChar(0) + u"/../../x"_s);
    QTest::addRow("newline") << u"a\nb"_s;
    QTest::addRow("escape") << u"a\x1b[0m"_s;
    QTest::addRow("DEL") << u"a\x7f"_s;
    QTest::addRow("C1 control") << QString(u"a"_s + QChar(0x85));
    QTest::addRow("lone surrogate") << QString(u"a"_s + QChar(0xD800));
    QTest::addRow("name of 256 bytes") << QString(256, u'n');
    QTest::addRow("name of 128 characters, 256 bytes") << QString(128, u'é');
    QString longPath;
    while (longPath.size() <= 4096)
        longPath += QString(200, u'p') + u'/';
    longPath += u'x';
    QTest::addRow("path over 4096 bytes") << longPath;
}

void TestProjectFiles::hostilePaths()
{
    QFETCH(QString, relPath);
    ProjectFiles::Result result;
    QVERIFY(!m_files->resolve(relPath, &result));
    QCOMPARE(result.error, FileError::Invalid);
    QVERIFY(!result.message.isEmpty());
    QVERIFY(!m_files->list(relPath, &result));
    QCOMPARE(result.error, FileError::Invalid);
    QVERIFY(!m_files->read(relPath, 1024, &result));
    QCOMPARE(result.error, FileError::Invalid);
    QCOMPARE(m_files->write(relPath, "pwned").error, FileError::Invalid);
    QCOMPARE(m_files->makeDirectory(relPath).error, FileError::Invalid);
    QCOMPARE(m_files->rename(u"a/file.txt"_s, relPath).error, FileError::Invalid);
    QCOMPARE(m_files->rename(relPath, u"moved"_s).error, FileError::Invalid);
    QCOMPARE(m_files->remove(relPath).error, FileError::Invalid);
    verifyOutsideUntouched();
    QCOMPARE(namesIn(project()), QStringList({ u"a"_s }));
    QCOMPARE(namesIn(project(u"a"_s)), QStringList({ u"file.txt"_s }));
}

void TestProjectFiles::harmlessOddNames_data()
{
    QTest::addColumn<QString>("relPath");
    // Percent escapes are not decoded: "%2e%2e" is an ordinary name.
    QTest::addRow("percent-encoded parent") << u"%2e%2e"_s;
    QTest::addRow("percent-encoded parent, nested") << u"a/%2e%2e%2f"_s;
    QTest::addRow("three dots") << u"..."_s;
    QTest::addRow("dots and spaces") << u" .. "_s;
    QTest::addRow("hidden") << u".env"_s;
    QTest::addRow("ligature") << u"ﬀ"_s;
    QTest::addRow("fullwidth solidus") << u"a／b"_s;
    QTest::addRow("name of 255 bytes") << QString(255, u'n');
}

void TestProjectFiles::harmlessOddNames()
{
    QFETCH(QString, relPath);
    ProjectFiles::Result result;
    const std::optional<QString> resolved = m_files->resolve(relPath, &result);
    QVERIFY2(resolved, qPrintable(result.message));
    QVERIFY(resolved->startsWith(m_files->root() + u'/'));
    QCOMPARE(*resolved, m_files->root() + u'/' + relPath);
    QVERIFY(m_files->write(relPath, "ok").ok());
    const std::optional<FileContent> content = m_files->read(relPath, 1024, &result);
    QVERIFY(content);
    QCOMPARE(content->text, u"ok"_s);
    QVERIFY(m_files->remove(relPath).ok());
    verifyOutsideUntouched();
}

void TestProjectFiles::symlinksOutOfTheRoot()
{
    QVERIFY(QFile::link(outside(u"secret.txt"_s), project(u"filelink"_s)));
    QVERIFY(QFile::link(outside(), project(u"dirlink"_s)));
    QVERIFY(QFile::link(u"../../outside"_s, project(u"a/relative"_s)));
    QVERIFY(QFile::link(outside(u"missing"_s), project(u"dangling"_s)));
    QVERIFY(QFile::link(u"/"_s, project(u"slash"_s)));
    ProjectFiles::Result result;

    // Listing shows the links as links, without the size of what they point to.
    const std::optional<QList<FileEntry>> entries = m_files->list({}, &result);
    QVERIFY(entries);
    for (const FileEntry &entry : *entries) {
        if (entry.name != u"a"_s) {
            QCOMPARE(entry.type, FileEntry::Type::Symlink);
            QCOMPARE(entry.size, 0);
        }
    }

    for (const QString &path :
        { u"dirlink"_s, u"a/relative"_s, u"slash"_s, u"slash/etc"_s, u"dirlink/dir"_s }) {
        QVERIFY(!m_files->list(path, &result));
        QCOMPARE(result.error, FileError::Invalid);
        QVERIFY2(result.message.contains(u"outside the project"_s), qPrintable(result.message));
    }
    for (const QString &path : { u"filelink"_s, u"dirlink/secret.txt"_s, u"a/relative/secret.txt"_s,
             u"dangling"_s, u"slash/etc/hostname"_s }) {
        QVERIFY(!m_files->read(path, 1024, &result));
        QCOMPARE(result.error, FileError::Invalid);
        QVERIFY(!m_files->resolve(path, &result));
        QCOMPARE(result.error, FileError::Invalid);
    }
    // Writing through any link is refused, and so is creating anything behind one.
    for (const QString &path : { u"filelink"_s, u"dangling"_s, u"dirlink/secret.txt"_s, u"dirlink/new.txt"_s,
             u"a/relative/new.txt"_s, u"dangling/new.txt"_s }) {
        QCOMPARE(m_files->write(path, "pwned").error, FileError::Invalid);
    }
    QCOMPARE(m_files->makeDirectory(u"dirlink/sub"_s).error, FileError::Invalid);
    QCOMPARE(m_files->makeDirectory(u"dangling"_s).error, FileError::Conflict);
    QCOMPARE(m_files->rename(u"dirlink/secret.txt"_s, u"stolen.txt"_s).error, FileError::Invalid);
    QCOMPARE(m_files->rename(u"a/file.txt"_s, u"dirlink/planted.txt"_s).error, FileError::Invalid);
    QCOMPARE(m_files->rename(u"a"_s, u"dirlink/dir/a"_s).error, FileError::Invalid);
    QCOMPARE(m_files->remove(u"dirlink/secret.txt"_s).error, FileError::Invalid);
    QCOMPARE(m_files->remove(u"a/relative/dir"_s).error, FileError::Invalid);
    verifyOutsideUntouched();

    // Removing or renaming a link acts on the link only.
    QVERIFY(m_files->rename(u"a/relative"_s, u"renamed"_s).ok());
    QVERIFY(QFileInfo(project(u"renamed"_s)).isSymLink());
    QVERIFY(m_files->remove(u"filelink"_s).ok());
    QVERIFY(m_files->remove(u"dirlink"_s).ok());
    QVERIFY(m_files->remove(u"dangling"_s).ok());
    QVERIFY(m_files->remove(u"slash"_s).ok());
    QCOMPARE(namesIn(project()), QStringList({ u"a"_s, u"renamed"_s }));
    verifyOutsideUntouched();
}

void TestProjectFiles::siblingWithTheSamePrefix()
{
    // "<tmp>/project2" starts with "<tmp>/project" but is not inside it.
    QVERIFY(QDir(m_dir->path()).mkdir(u"project2"_s));
    QVERIFY(writeRaw(m_dir->filePath(u"project2/x.txt"_s), "neighbour"));
    QVERIFY(QFile::link(m_dir->filePath(u"project2"_s), project(u"neighbour"_s)));
    ProjectFiles::Result result;
    QVERIFY(!m_files->read(u"neighbour/x.txt"_s, 1024, &result));
    QCOMPARE(result.error, FileError::Invalid);
    QCOMPARE(m_files->write(u"neighbour/y.txt"_s, "x").error, FileError::Invalid);
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"project2/y.txt"_s)));
}

void TestProjectFiles::symlinksInsideTheRoot()
{
    QVERIFY(QFile::link(u"a"_s, project(u"alias"_s)));
    QVERIFY(QFile::link(u"a/file.txt"_s, project(u"alias.txt"_s)));
    QVERIFY(QFile::link(u"../a"_s, project(u"a/self"_s))); // a loop, as far as a walker cares
    ProjectFiles::Result result;

    const std::optional<QList<FileEntry>> entries = m_files->list(u"alias"_s, &result);
    QVERIFY2(entries, qPrintable(result.message));
    QCOMPARE(namesOf(*entries), QStringList({ u"file.txt"_s, u"self"_s }));
    QCOMPARE(entries->at(0).path, u"alias/file.txt"_s);
    QCOMPARE(entries->at(1).type, FileEntry::Type::Symlink);

    std::optional<FileContent> content = m_files->read(u"alias.txt"_s, 1024, &result);
    QVERIFY(content);
    QCOMPARE(content->text, u"file"_s);
    content = m_files->read(u"alias/self/self/file.txt"_s, 1024, &result);
    QVERIFY(content);
    QCOMPARE(m_files->resolve(u"alias/self/file.txt"_s, &result).value_or(QString()),
        m_files->root() + u"/a/file.txt"_s);

    QVERIFY(m_files->write(u"alias/new.txt"_s, "new").ok());
    QCOMPARE(readRaw(project(u"a/new.txt"_s)), QByteArray("new"));
    // The simple rule: never write through a link, even a harmless one.
    QCOMPARE(m_files->write(u"alias.txt"_s, "changed").error, FileError::Invalid);
    QCOMPARE(readRaw(project(u"a/file.txt"_s)), QByteArray("file"));

    QVERIFY(m_files->rename(u"alias.txt"_s, u"moved.txt"_s).ok());
    QVERIFY(QFileInfo(project(u"moved.txt"_s)).isSymLink());
    QCOMPARE(readRaw(project(u"moved.txt"_s)), QByteArray("file"));
    // Moving a folder into itself through a link to it is still moving it into itself.
    QCOMPARE(m_files->rename(u"a"_s, u"alias/sub"_s).error, FileError::Invalid);
    QVERIFY(m_files->remove(u"alias"_s).ok());
    QVERIFY(!QFileInfo(project(u"alias"_s)).isSymLink());
    QCOMPARE(namesIn(project(u"a"_s)), QStringList({ u"file.txt"_s, u"new.txt"_s, u"self"_s }));
}

void TestProjectFiles::rootGivenThroughALink()
{
    QVERIFY(QFile::link(project(), m_dir->filePath(u"rootlink"_s)));
    const ProjectFiles files(m_dir->filePath(u"rootlink"_s));
    QCOMPARE(files.root(), QFileInfo(project()).canonicalFilePath());
    ProjectFiles::Result result;
    QVERIFY(files.read(u"a/file.txt"_s, 1024, &result));
    // A link back to the root's own link path resolves into the root and is fine.
    QVERIFY(QFile::link(m_dir->filePath(u"rootlink/a"_s), project(u"back"_s)));
    QCOMPARE(files.resolve(u"back/file.txt"_s, &result).value_or(QString()), files.root() + u"/a/file.txt"_s);
}

void TestProjectFiles::missingRoot()
{
    const ProjectFiles files(m_dir->filePath(u"nope"_s));
    ProjectFiles::Result result;
    QVERIFY(!files.list({}, &result));
    QCOMPARE(result.error, FileError::NotFound);
    QCOMPARE(files.write(u"x"_s, "x").error, FileError::NotFound);
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"nope"_s)));
}

void TestProjectFiles::listOrdering()
{
    // Linux names are case-sensitive, so "A" and "a" are two entries and case folding is no way
    // around the checks; the order is by code unit, upper case first.
    QVERIFY(QDir(project()).mkpath(u"b"_s));
    QVERIFY(QDir(project()).mkpath(u"A"_s));
    QVERIFY(QDir(project()).mkpath(u".git"_s));
    QVERIFY(writeRaw(project(u"z.txt"_s), "zzz"));
    QVERIFY(writeRaw(project(u"B.txt"_s), "B"));
    QVERIFY(writeRaw(project(u"a.txt"_s), "a"));
    QVERIFY(writeRaw(project(u".env"_s), "SECRET=1"));
    QVERIFY(QFile::link(u"z.txt"_s, project(u"link"_s)));
    ProjectFiles::Result result;
    const std::optional<QList<FileEntry>> entries = m_files->list({}, &result);
    QVERIFY(entries);
    QVERIFY(result.ok());
    QCOMPARE(namesOf(*entries),
        QStringList(
            { u".git"_s, u"A"_s, u"a"_s, u"b"_s, u".env"_s, u"B.txt"_s, u"a.txt"_s, u"link"_s, u"z.txt"_s }));
    const FileEntry &z = entries->last();
    QCOMPARE(z.type, FileEntry::Type::File);
    QCOMPARE(z.size, 3);
    QCOMPARE(z.path, u"z.txt"_s);
    QVERIFY(qAbs(z.modifiedAt - QDateTime::currentMSecsSinceEpoch()) < 60 * 1000);
    QCOMPARE(entries->at(0).type, FileEntry::Type::Directory);
    QCOMPARE(entries->at(7).type, FileEntry::Type::Symlink);
    QCOMPARE(entries->at(7).size, 0);
    QVERIFY(entries->at(7).modifiedAt > 0);

    const std::optional<QList<FileEntry>> nested = m_files->list(u"a"_s, &result);
    QVERIFY(nested);
    QCOMPARE(nested->size(), 1);
    QCOMPARE(nested->at(0).path, u"a/file.txt"_s);
    QCOMPARE(nested->at(0).size, 4);
}

void TestProjectFiles::listErrors()
{
    ProjectFiles::Result result;
    QVERIFY(!m_files->list(u"missing"_s, &result));
    QCOMPARE(result.error, FileError::NotFound);
    QVERIFY(!m_files->list(u"a/file.txt"_s, &result));
    QCOMPARE(result.error, FileError::Invalid);
    QVERIFY(!m_files->list(u"a/file.txt/x"_s, &result));
    QCOMPARE(result.error, FileError::NotFound);
}

void TestProjectFiles::readEncodings_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("text");
    const QString chinese = u"中文 text\n"_s;
    QTest::addRow("UTF-8") << chinese.toUtf8() << false << u"UTF-8"_s << chinese;
    QTest::addRow("empty") << QByteArray() << false << u"UTF-8"_s << QString();
    QTest::addRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBF" + chinese.toUtf8()) << false << u"UTF-8-BOM"_s
                               << chinese;
    QTest::addRow("UTF-8 BOM, then another U+FEFF")
        << QByteArray("\xEF\xBB\xBF\xEF\xBB\xBFx") << false << u"UTF-8-BOM"_s << u"\uFEFFx"_s;
    QStringEncoder toLe(QStringConverter::Utf16LE);
    QStringEncoder toBe(QStringConverter::Utf16BE);
    QTest::addRow("UTF-16LE BOM") << QByteArray("\xFF\xFE" + QByteArray(toLe.encode(chinese))) << false
                                  << u"UTF-16LE"_s << chinese;
    QTest::addRow("UTF-16BE BOM") << QByteArray("\xFE\xFF" + QByteArray(toBe.encode(chinese))) << false
                                  << u"UTF-16BE"_s << chinese;
    QTest::addRow("UTF-16LE with an odd byte") << QByteArray("\xFF\xFE"
                                                             "a\0b",
        5) << true << QString() << QString();
    // GBK (a subset of GB18030) bytes of "中文"; without ICU this can only be binary.
    const bool haveGb18030 = QStringDecoder("GB18030").isValid();
    QTest::addRow("GBK") << QByteArray("\xD6\xD0\xCE\xC4\r\n") << !haveGb18030
                         << (haveGb18030 ? u"GB18030"_s : QString())
                         << (haveGb18030 ? u"中文\r\n"_s : QString());
    QTest::addRow("NUL bytes") << QByteArray("\x7F"
                                             "ELF\x02\x01\x01\0\0\0",
        10) << true << QString()
                               << QString();
    QTest::addRow("UTF-8 with a NUL") << QByteArray("text\0more", 9) << true << QString() << QString();
    QTest::addRow("neither UTF-8 nor GB18030")
        << QByteArray("caf\xE9 \x80\xFF") << true << QString() << QString();
    QTest::addRow("control characters")
        << QByteArray("\x01\x02\x03\xD6\xD0") << true << QString() << QString();
}

void TestProjectFiles::readEncodings()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, binary);
    QFETCH(QString, encoding);
    QFETCH(QString, text);
    QVERIFY(writeRaw(project(u"f"_s), bytes));
    ProjectFiles::Result result;
    const std::optional<FileContent> content = m_files->read(u"f"_s, 1024, &result);
    QVERIFY2(content, qPrintable(result.message));
    QVERIFY(result.ok());
    QCOMPARE(content->bytes, bytes);
    QCOMPARE(content->binary, binary);
    QCOMPARE(content->encoding, encoding);
    QCOMPARE(content->text, text);
}

void TestProjectFiles::readErrors()
{
    ProjectFiles::Result result;
    QVERIFY(!m_files->read(u"missing.txt"_s, 1024, &result));
    QCOMPARE(result.error, FileError::NotFound);
    QVERIFY(!m_files->read(u"a"_s, 1024, &result));
    QCOMPARE(result.error, FileError::Invalid);
    QVERIFY(!m_files->read({}, 1024, &result));
    QCOMPARE(result.error, FileError::Invalid);
    QVERIFY(!m_files->read(u"a/file.txt"_s, 3, &result));
    QCOMPARE(result.error, FileError::TooLarge);
    QVERIFY(m_files->read(u"a/file.txt"_s, 4, &result));
    QVERIFY(result.ok());
    QCOMPARE(::mkfifo(QFile::encodeName(project(u"fifo"_s)).constData(), 0600), 0);
    QVERIFY(!m_files->read(u"fifo"_s, 1024, &result)); // and does not block
    QCOMPARE(result.error, FileError::Invalid);
}

void TestProjectFiles::atomicWrite()
{
    QVERIFY(m_files->write(u"new.txt"_s, "one").ok());
    QCOMPARE(readRaw(project(u"new.txt"_s)), QByteArray("one"));
    QCOMPARE(QFile::permissions(project(u"new.txt"_s)) & ModeBits,
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);

    // Replacing keeps the mode, whatever it was.
    const QFileDevice::Permissions executable = QFileDevice::ReadOwner | QFileDevice::WriteOwner
        | QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::ExeGroup;
    QVERIFY(QFile::setPermissions(project(u"a/file.txt"_s), executable));
    // A hard link taken before the write still sees the old bytes: the file was replaced by a
    // rename, not rewritten in place (so a hard link planted from outside is never written).
    QVERIFY(::link(QFile::encodeName(project(u"a/file.txt"_s)).constData(),
                QFile::encodeName(outside(u"hardlink"_s)).constData())
        == 0);
    QVERIFY(m_files->write(u"a/file.txt"_s, "#!/usr/bin/env python3\n").ok());
    QCOMPARE(readRaw(project(u"a/file.txt"_s)), QByteArray("#!/usr/bin/env python3\n"));
    QCOMPARE(QFile::permissions(project(u"a/file.txt"_s)) & ModeBits, executable);
    QCOMPARE(readRaw(outside(u"hardlink"_s)), QByteArray("file"));

    QVERIFY(m_files->write(u"new.txt"_s, QByteArray()).ok());
    QCOMPARE(QFileInfo(project(u"new.txt"_s)).size(), 0);
    // No temporary files are left behind.
    QCOMPARE(namesIn(project()), QStringList({ u"a"_s, u"new.txt"_s }));
    QCOMPARE(namesIn(project(u"a"_s)), QStringList({ u"file.txt"_s }));
}

void TestProjectFiles::writeErrors()
{
    QCOMPARE(m_files->write({}, "x").error, FileError::Invalid);
    QCOMPARE(m_files->write(u"missing/x.txt"_s, "x").error, FileError::NotFound);
    QCOMPARE(m_files->write(u"a/file.txt/x.txt"_s, "x").error, FileError::NotFound);
    QCOMPARE(m_files->write(u"a"_s, "x").error, FileError::Conflict);
    QCOMPARE(::mkfifo(QFile::encodeName(project(u"fifo"_s)).constData(), 0600), 0);
    QCOMPARE(m_files->write(u"fifo"_s, "x").error, FileError::Invalid);
    QCOMPARE(namesIn(project()), QStringList({ u"a"_s, u"fifo"_s }));
}

void TestProjectFiles::makeDirectory()
{
    QVERIFY(m_files->makeDirectory(u"a/sub"_s).ok());
    QVERIFY(QFileInfo(project(u"a/sub"_s)).isDir());
    QCOMPARE(m_files->makeDirectory(u"a/sub"_s).error, FileError::Conflict);
    QCOMPARE(m_files->makeDirectory(u"a/file.txt"_s).error, FileError::Conflict);
    QCOMPARE(m_files->makeDirectory(u"x/y"_s).error, FileError::NotFound);
    QCOMPARE(m_files->makeDirectory({}).error, FileError::Invalid);
    QVERIFY(!QFileInfo::exists(project(u"x"_s)));
}

void TestProjectFiles::renameRules()
{
    QVERIFY(QDir(project()).mkpath(u"d/inner"_s));
    QVERIFY(writeRaw(project(u"d/inner/x.txt"_s), "x"));
    QVERIFY(writeRaw(project(u"other.txt"_s), "other"));

    QVERIFY(m_files->rename(u"a/file.txt"_s, u"renamed.txt"_s).ok());
    QCOMPARE(readRaw(project(u"renamed.txt"_s)), QByteArray("file"));
    QVERIFY(m_files->rename(u"renamed.txt"_s, u"d/inner/moved.txt"_s).ok());
    QVERIFY(QFileInfo::exists(project(u"d/inner/moved.txt"_s)));

    QCOMPARE(m_files->rename(u"missing.txt"_s, u"y.txt"_s).error, FileError::NotFound);
    QCOMPARE(m_files->rename(u"other.txt"_s, u"d/inner/x.txt"_s).error, FileError::Conflict);
    QCOMPARE(m_files->rename(u"other.txt"_s, u"d"_s).error, FileError::Conflict);
    QCOMPARE(m_files->rename(u"other.txt"_s, u"other.txt"_s).error, FileError::Conflict);
    QCOMPARE(m_files->rename(u"other.txt"_s, u"nowhere/other.txt"_s).error, FileError::NotFound);
    QCOMPARE(m_files->rename(u"d"_s, u"d/inner/d"_s).error, FileError::Invalid);
    QCOMPARE(m_files->rename(u"d"_s, u"d/d"_s).error, FileError::Invalid);
    QCOMPARE(m_files->rename({}, u"elsewhere"_s).error, FileError::Invalid);
    QCOMPARE(m_files->rename(u"other.txt"_s, {}).error, FileError::Invalid);
    QCOMPARE(readRaw(project(u"d/inner/x.txt"_s)), QByteArray("x"));

    // "dd" only shares a prefix with "d"; a folder moves with its contents.
    QVERIFY(m_files->rename(u"d"_s, u"dd"_s).ok());
    QCOMPARE(readRaw(project(u"dd/inner/x.txt"_s)), QByteArray("x"));
    QVERIFY(m_files->rename(u"dd/inner"_s, u"a/inner"_s).ok());
    QCOMPARE(namesIn(project(u"a/inner"_s)), QStringList({ u"moved.txt"_s, u"x.txt"_s }));
    verifyOutsideUntouched();
}

void TestProjectFiles::removeRules()
{
    QVERIFY(QDir(project()).mkpath(u"tree/deep/deeper"_s));
    QVERIFY(writeRaw(project(u"tree/deep/deeper/.hidden"_s), "h"));
    QVERIFY(QDir(project()).mkpath(u"empty"_s));

    QCOMPARE(m_files->remove({}).error, FileError::Invalid);
    QCOMPARE(m_files->remove(u"missing"_s).error, FileError::NotFound);
    QVERIFY(m_files->remove(u"a/file.txt"_s).ok());
    QVERIFY(!QFileInfo::exists(project(u"a/file.txt"_s)));
    QVERIFY(m_files->remove(u"empty"_s).ok());
    QVERIFY(m_files->remove(u"tree"_s).ok());
    QCOMPARE(namesIn(project()), QStringList({ u"a"_s }));
    QVERIFY(QFileInfo(project()).isDir());
}

void TestProjectFiles::removingATreeLeavesLinkTargetsOutside()
{
    QVERIFY(QDir(project()).mkpath(u"tree/sub"_s));
    QVERIFY(writeRaw(project(u"tree/sub/own.txt"_s), "own"));
    QVERIFY(QFile::link(outside(), project(u"tree/sub/outdir"_s)));
    QVERIFY(QFile::link(u"../../../outside/dir"_s, project(u"tree/sub/relative"_s)));
    QVERIFY(QFile::link(outside(u"secret.txt"_s), project(u"tree/outfile"_s)));
    QVERIFY(QFile::link(project(u"a"_s), project(u"tree/insidedir"_s)));

    QVERIFY(m_files->remove(u"tree"_s).ok());
    QVERIFY(!QFileInfo::exists(project(u"tree"_s)));
    verifyOutsideUntouched();
    // What a link inside pointed to inside survives too: only the link was removed.
    QCOMPARE(readRaw(project(u"a/file.txt"_s)), QByteArray("file"));
}

QTEST_GUILESS_MAIN(TestProjectFiles)
#include "tst_projectfiles.moc"
