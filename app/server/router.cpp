// SPDX-License-Identifier: MIT
#include "server/router.h"

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

bool isIntegerParameter(QStringView name)
{
    return name == u"id" || name.endsWith(u"Id");
}

bool isPositiveInteger(QStringView text)
{
    if (text.isEmpty() || text.size() > 18 || text.front() == u'0')
        return false;
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

} // namespace

qint64 RequestContext::id(const QString &name) const
{
    return params.value(name).toLongLong();
}

std::shared_ptr<DeferredReply> RequestContext::defer()
{
    deferred = std::make_shared<DeferredReply>(audit, deferredSink);
    return deferred;
}

void Router::add(Route route)
{
    route.segments = route.pattern.split(u'/', Qt::SkipEmptyParts);
    m_routes.append(std::move(route));
}

void Router::add(HttpMethod method, const QString &pattern, Access access, const QString &auditAction,
    const QString &summary, Handler handler)
{
    Route route;
    route.method = method;
    route.pattern = pattern;
    route.access = access;
    route.auditAction = auditAction;
    route.summary = summary;
    route.handler = std::move(handler);
    add(std::move(route));
}

bool Router::matchSegments(
    const Route &route, const QList<QStringView> &segments, QHash<QString, QString> *params)
{
    if (route.segments.size() != segments.size())
        return false;
    QHash<QString, QString> found;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &expected = route.segments[i];
        if (expected.startsWith(u'{')) {
            const QString name = expected.mid(1, expected.size() - 2);
            if (isIntegerParameter(name) && !isPositiveInteger(segments[i]))
                return false;
            found.insert(name, segments[i].toString());
        } else if (expected != segments[i]) {
            return false;
        }
    }
    *params = std::move(found);
    return true;
}

Router::Match Router::match(HttpMethod method, QStringView path) const
{
    QList<QStringView> segments;
    for (QStringView segment : path.split(u'/', Qt::SkipEmptyParts))
        segments.append(segment);
    Match result;
    const HttpMethod wanted = method == HttpMethod::Head ? HttpMethod::Get : method;
    for (const Route &route : m_routes) {
        QHash<QString, QString> params;
        if (!matchSegments(route, segments, &params))
            continue;
        result.allowed.append(route.method);
        if (route.method == wanted && !result.route) {
            result.route = &route;
            result.params = std::move(params);
        }
    }
    if (result.route)
        result.kind = Match::Kind::Found;
    else if (!result.allowed.isEmpty())
        result.kind = Match::Kind::MethodNotAllowed;
    return result;
}

} // namespace Kumo
