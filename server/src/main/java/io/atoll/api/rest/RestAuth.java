package io.atoll.api.rest;

import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.security.Access;
import io.atoll.security.Credentials;
import io.atoll.security.Gate;
import io.atoll.security.Principal;
import io.atoll.security.Requirement;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Set;
import java.util.function.Function;

/**
 * Authentication and authorization on the REST port. Before routing, every request but the probes is admitted by
 * the {@link Gate} (who is calling, within its rate), so an unknown path without a key is a 401 like any other;
 * after routing, the route's {@link AccessRules rule} is checked against the caller's access, before any body is
 * read. Exemptions compare the raw path exactly, so an encoded path ({@code /healthz%2f..%2fcollections}) is not
 * exempt.
 */
final class RestAuth {
    private static final String PRINCIPAL = "atoll.principal";
    private static final Set<String> EXEMPT = Set.of("/", "/healthz", "/livez", "/readyz", "/v1/.well-known/live",
            "/v1/.well-known/ready");

    private final Gate gate;

    RestAuth(Gate gate) {
        this.gate = gate;
    }

    void register(JavalinDefaultRoutingApi routes) {
        routes.before(this::admit);
        routes.beforeMatched(this::authorize);
    }

    private void admit(Context ctx) {
        String path = ctx.path();
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!EXEMPT.contains(trimmed)) {
            ctx.attribute(PRINCIPAL, gate.admit(Credentials.from(ctx::header)));
        }
    }

    private void authorize(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (p != null && endpoint != null) {
            p.access().check(AccessRules.of(endpoint.method.name(), endpoint.path), ctx.pathParamMap().get("name"));
        }
    }

    /**
     * The collections a request reads besides the one in its path ({@code lookup_from}, {@code with_lookup}), by
     * name: each is checked for read access first, as the path's collection was, so that a token scoped to one
     * collection cannot read another through a query.
     */
    static Function<String, Collection> readable(Context ctx, CollectionRegistry registry) {
        Access access = access(ctx);
        return name -> {
            access.check(Requirement.READ, name);
            return registry.get(name);
        };
    }

    /** What the caller may see, for lists filtered to it. */
    static Access access(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        return p == null ? Access.FULL : p.access();
    }
}
