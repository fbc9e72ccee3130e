// SPDX-License-Identifier: MIT
#include "environments/packageindex.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr char16_t kMask[] = u"***";

std::optional<QString> checkUrl(
    const QJsonValue &value, const QString &field, bool allowEmpty, FieldErrors *errors)
{
    if (!value.isString()) {
        errors->append({ field, u"must be a URL string"_s });
        return std::nullopt;
    }
    const QString text = value.toString().trimmed();
    if (text.isEmpty() && allowEmpty)
        return text;
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || url.host().isEmpty()
        || text.size() > 2048 || text.contains(u' ')) {
        errors->append({ field, u"\"%1\" is not an http(s) URL"_s.arg(maskUrlPassword(text.left(200))) });
        return std::nullopt;
    }
    return text;
}

/// A URL sent back as it was shown (password masked) means "keep the stored one".
QString unmask(const QString &url, const QStringList &stored)
{
    if (!url.contains(QString::fromUtf16(kMask)))
        return url;
    for (const QString &candidate : stored) {
        if (maskUrlPassword(candidate) == url)
            return candidate;
    }
    return url;
}

std::optional<QStringList> checkList(
    const QJsonValue &value, const QString &field, bool urls, const QStringList &stored, FieldErrors *errors)
{
    if (!value.isArray()) {
        errors->append({ field, u"must be a list"_s });
        return std::nullopt;
    }
    const QJsonArray array = value.toArray();
    if (array.size() > 20) {
        errors->append({ field, u"at most 20 entries"_s });
        return std::nullopt;
    }
    static const QRegularExpression host(
        QRegularExpression::anchoredPattern(u"[A-Za-z0-9.-]+(:\\d{1,5})?"_s));
    QStringList list;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString entryField = u"%1[%2]"_s.arg(field).arg(i);
        if (urls) {
            const std::optional<QString> url = checkUrl(array.at(i), entryField, false, errors);
            if (!url)
                return std::nullopt;
            list.append(unmask(*url, stored));
        } else if (!array.at(i).isString() || !host.match(array.at(i).toString()).hasMatch()) {
            errors->append({ entryField, u"must be a host name, optionally with :port"_s });
            return std::nullopt;
        } else {
            list.append(array.at(i).toString());
        }
    }
    return list;
}

} // namespace

QString maskUrlPassword(const QString &url)
{
    QUrl parsed(url);
    if (!parsed.isValid() || (parsed.password().isEmpty() && parsed.userName().isEmpty()))
        return url;
    if (parsed.password().isEmpty())
        parsed.setUserName(QString::fromUtf16(kMask));
    else
        parsed.setPassword(QString::fromUtf16(kMask));
    return parsed.toString();
}

QStringList PackageIndex::pipArguments() const
{
    QStringList arguments;
    if (!indexUrl.isEmpty())
        arguments << u"--index-url"_s << indexUrl;
    for (const QString &url : extraIndexUrls)
        arguments << u"--extra-index-url"_s << url;
    for (const QString &host : trustedHosts)
        arguments << u"--trusted-host"_s << host;
    if (!proxy.isEmpty())
        arguments << u"--proxy"_s << proxy;
    return arguments;
}

QList<std::pair<QString, QString>> PackageIndex::pipVariables() const
{
    QList<std::pair<QString, QString>> variables;
    if (!indexUrl.isEmpty())
        variables.append({ u"PIP_INDEX_URL"_s, indexUrl });
    if (!extraIndexUrls.isEmpty())
        variables.append({ u"PIP_EXTRA_INDEX_URL"_s, extraIndexUrls.join(u' ') });
    if (!trustedHosts.isEmpty())
        variables.append({ u"PIP_TRUSTED_HOST"_s, trustedHosts.join(u' ') });
    if (!proxy.isEmpty())
        variables.append({ u"PIP_PROXY"_s, proxy });
    return variables;
}

QJsonObject PackageIndex::toJson(bool maskPasswords) const
{
    const auto shown
        = [maskPasswords](const QString &url) { return maskPasswords ? maskUrlPassword(url) : url; };
    QJsonArray extras;
    for (const QString &url : extraIndexUrls)
        extras.append(shown(url));
    return {
        { u"indexUrl"_s, shown(indexUrl) },
        { u"extraIndexUrls"_s, extras },
        { u"trustedHosts"_s, QJsonArray::fromStringList(trustedHosts) },
        { u"proxy"_s, shown(proxy) },
    };
}

std::optional<PackageIndex> PackageIndex::fromJson(
    const QJsonObject &json, const PackageIndex &base, FieldErrors *errors)
{
    PackageIndex index = base;
    const qsizetype before = errors->size();
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString key = it.key();
        if (key == u"indexUrl"_s) {
            if (const std::optional<QString> url = checkUrl(it.value(), key, true, errors))
                index.indexUrl = unmask(*url, { base.indexUrl });
        } else if (key == u"proxy"_s) {
            if (const std::optional<QString> url = checkUrl(it.value(), key, true, errors))
                index.proxy = unmask(*url, { base.proxy });
        } else if (key == u"extraIndexUrls"_s) {
            if (const std::optional<QStringList> urls
                = checkList(it.value(), key, true, base.extraIndexUrls, errors))
                index.extraIndexUrls = *urls;
        } else if (key == u"trustedHosts"_s) {
            if (const std::optional<QStringList> hosts = checkList(it.value(), key, false, {}, errors))
                index.trustedHosts = *hosts;
        } else {
            errors->append(
                { key, u"unknown field; expected indexUrl, extraIndexUrls, trustedHosts or proxy"_s });
        }
    }
    if (errors->size() > before)
        return std::nullopt;
    return index;
}

PackageIndex PackageIndex::fromEnvironment()
{
    PackageIndex index;
    index.indexUrl = qEnvironmentVariable("PIP_INDEX_URL").trimmed();
    index.extraIndexUrls = qEnvironmentVariable("PIP_EXTRA_INDEX_URL").split(u' ', Qt::SkipEmptyParts);
    index.trustedHosts = qEnvironmentVariable("PIP_TRUSTED_HOST").split(u' ', Qt::SkipEmptyParts);
    return index;
}

} // namespace Kumo
