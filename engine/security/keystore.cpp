// SPDX-License-Identifier: MIT
#include "security/keystore.h"

#include "core/logging.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qsizetype kKeyBytes = 32;
const QString kService = u"org.kumo.secret-key"_s;
constexpr int kKeychainTimeoutMs = 10'000; // a locked keychain may ask the user first

std::optional<QByteArray> decodeKey(const QByteArray &text, const QString &where, QString *error)
{
    const QByteArray key = QByteArray::fromBase64(text.trimmed());
    if (key.size() != kKeyBytes) {
        *error = u"%1 does not hold a key (32 bytes in base64); restore it from a backup"_s.arg(where);
        return std::nullopt;
    }
    return key;
}

bool writePrivateFile(const QString &path, const QByteArray &bytes, QString *error)
{
    const QString temporary = path + u".tmp"_s;
    QFile::remove(temporary);
    QFile file(temporary);
    if (!file.open(
            QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(bytes) != bytes.size() || !file.flush() || ::fsync(file.handle()) != 0) {
        *error = u"cannot write %1: %2"_s.arg(temporary, file.errorString());
        return false;
    }
    file.close();
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) != 0) {
        *error = u"cannot replace %1"_s.arg(path);
        return false;
    }
    const int directory = ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), O_RDONLY);
    if (directory >= 0) {
        ::fsync(directory);
        ::close(directory);
    }
    return true;
}

/// Runs a QtKeychain job to its end (they report asynchronously).
QKeychain::Error runJob(QKeychain::Job &job, QString *error)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(kKeychainTimeoutMs, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished) {
        *error = u"the keychain did not answer within %1 s"_s.arg(kKeychainTimeoutMs / 1000);
        return QKeychain::OtherError;
    }
    if (job.error() != QKeychain::NoError)
        *error = u"keychain: %1"_s.arg(job.errorString());
    return job.error();
}

} // namespace

FileKeyStore::FileKeyStore(const QString &dataDir)
    : m_path(QDir(dataDir).filePath(u"secret.key"_s))
{ }

QString FileKeyStore::location(Slot slot) const
{
    return slot == Slot::Current ? m_path : m_path + u".next"_s;
}

std::optional<QByteArray> FileKeyStore::read(Slot slot, QString *error) const
{
    error->clear();
    QFile file(location(slot));
    if (!file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    return decodeKey(file.readAll(), file.fileName(), error);
}

bool FileKeyStore::write(Slot slot, const QByteArray &key, QString *error)
{
    return writePrivateFile(location(slot), key.toBase64() + '\n', error);
}

void FileKeyStore::remove(Slot slot)
{
    QFile::remove(location(slot));
}

bool FileKeyStore::promote(QString *error)
{
    if (std::rename(
            QFile::encodeName(location(Slot::Next)).constData(), QFile::encodeName(m_path).constData())
        != 0) {
        *error = u"cannot replace %1 with %2"_s.arg(m_path, location(Slot::Next));
        return false;
    }
    return true;
}

KeychainKeyStore::KeychainKeyStore(const QString &dataDir)
    : m_dataDir(QDir(dataDir).absolutePath())
{ }

bool KeychainKeyStore::isAvailable()
{
    // Without a session bus, QtKeychain would wait for D-Bus timeouts before failing.
    return !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
}

QString KeychainKeyStore::account(Slot slot) const
{
    return m_dataDir + (slot == Slot::Current ? u"/secret.key"_s : u"/secret.key.next"_s);
}

QString KeychainKeyStore::location(Slot slot) const
{
    return u"the keychain entry %1 of %2"_s.arg(account(slot), kService);
}

std::optional<QByteArray> KeychainKeyStore::read(Slot slot, QString *error) const
{
    error->clear();
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(account(slot));
    const QKeychain::Error result = runJob(job, error);
    if (result == QKeychain::EntryNotFound) {
        error->clear();
        return std::nullopt;
    }
    if (result != QKeychain::NoError)
        return std::nullopt;
    return decodeKey(job.binaryData(), location(slot), error);
}

bool KeychainKeyStore::write(Slot slot, const QByteArray &key, QString *error)
{
    QKeychain::WritePasswordJob job(kService);
    job.setKey(account(slot));
    job.setBinaryData(key.toBase64());
    return runJob(job, error) == QKeychain::NoError;
}

void KeychainKeyStore::remove(Slot slot)
{
    QKeychain::DeletePasswordJob job(kService);
    job.setKey(account(slot));
    QString error;
    if (runJob(job, &error) != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        qCWarning(lcSecurity) << "cannot remove" << location(slot) << error;
}

bool KeychainKeyStore::promote(QString *error)
{
    const std::optional<QByteArray> next = read(Slot::Next, error);
    if (!next) {
        if (error->isEmpty())
            *error = u"%1 is missing"_s.arg(location(Slot::Next));
        return false;
    }
    if (!write(Slot::Current, *next, error))
        return false;
    remove(Slot::Next);
    return true;
}

} // namespace Kumo
