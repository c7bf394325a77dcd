package io.kindred.registry.api;

import io.kindred.registry.outbox.OutboxRelay;
import io.kindred.registry.errors.ApiException;
import io.kindred.registry.errors.ErrorBody;
import io.kindred.registry.api.Subjects;
import io.kindred.registry.auth.Roles;
import io.kindred.registry.persistence.OutboxEventEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Kindred extension for administrators: the outbox events the relay parked after repeated failures (see
 * {@link OutboxRelay}), with their error, and the two ways out: retry one (after fixing the cause: the schema
 * registry's compatibility rule, the broker's size limit, an ACL) or drop it (the event is lost for consumers; later
 * events of its type, which carry the full state, then go out).
 */
@Path("/api/v1/outbox/parked")
@Tag(name = "Outbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ParkedEventsResource {

    private static final Logger LOG = Logger.getLogger(ParkedEventsResource.class);

    /** One parked event; {@code heldBack} counts the later events of the same type waiting behind it. */
    public record ParkedEvent(long id, String eventId, String typeName, String change, long revision, Instant occurredAt,
            int attempts, int failures, String lastError, Instant parkedAt, long heldBack) {
    }

    public record ParkedEventList(List<ParkedEvent> events) {
    }

    @Inject
    OutboxRelay relay;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(operationId = "list_parked_outbox_events", summary = "List parked outbox events (Kindred extension).",
            description = "Events the relay gave up on after kindred.outbox.relay.max-attempts failures that will not go "
                    + "away by themselves, oldest first, each with its last error and how many later events of its type wait behind it.")
    @APIResponse(responseCode = "200", description = "Executed successfully.")
    public Uni<ParkedEventList> list() {
        return Panache.withSession(() -> OutboxEventEntity.<OutboxEventEntity>list(
                        "parkedAt is not null and publishedAt is null order by id")
                .flatMap(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(this::view)
                        .collect().asList()))
                .map(ParkedEventList::new);
    }

    @POST
    @Path("{eventId}/retry")
    @Operation(operationId = "retry_parked_outbox_event", summary = "Publish a parked outbox event again (Kindred extension).",
            description = "Un-parks the event with a fresh failure count; the relay sends it before the events of its type that "
                    + "waited behind it. Fix the cause first, or it is parked again after kindred.outbox.relay.max-attempts failures.")
    @APIResponse(responseCode = "202", description = "Un-parked; the relay publishes it.")
    @APIResponse(responseCode = "400", description = "Malformed id.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No parked event with this id.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<ParkedEvent>> retry(@RestPath String eventId) {
        long id = parseId(eventId);
        String subject = Subjects.of(identity);
        return Panache.withTransaction(() -> findParked(id).flatMap(row -> {
                    row.parkedAt = null;
                    row.failures = 0;
                    return view(row);
                }))
                .invoke(view -> LOG.warnf("Parked outbox event %d (%s %s revision %d) retried by %s", id, view.typeName(),
                        view.change(), view.revision(), subject))
                .invoke(relay::wakeUp)
                .map(view -> RestResponse.status(RestResponse.Status.ACCEPTED, view));
    }

    @DELETE
    @Path("{eventId}")
    @Operation(operationId = "drop_parked_outbox_event", summary = "Drop a parked outbox event (Kindred extension).",
            description = "Deletes the event without publishing it. Consumers never see it; the events of its type that waited "
                    + "behind it (each carries the type's full state) go out next, so they skip its revision.")
    @APIResponse(responseCode = "204", description = "Dropped.")
    @APIResponse(responseCode = "400", description = "Malformed id.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No parked event with this id.", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Uni<RestResponse<Void>> drop(@RestPath String eventId) {
        long id = parseId(eventId);
        String subject = Subjects.of(identity);
        return Panache.withTransaction(() -> findParked(id).call(row -> {
                    LOG.warnf("Parked outbox event %d (%s %s revision %d, event id %s) dropped unpublished by %s; last error: %s",
                            id, row.typeName, row.change, row.revision, row.eventId, subject, row.lastError);
                    return row.delete();
                }))
                .invoke(relay::wakeUp)
                .map(ignored -> RestResponse.noContent());
    }

    private static long parseId(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("eventId '" + text + "' is not an outbox event id (a positive integer, see GET /api/v1/outbox/parked)");
    }

    private static Uni<OutboxEventEntity> findParked(long id) {
        return OutboxEventEntity.<OutboxEventEntity>findById(id)
                .onItem().transform(row -> row != null && row.parkedAt != null && row.publishedAt == null ? row : null)
                .onItem().ifNull().failWith(() -> ApiException.notFound("No parked outbox event " + id
                        + " (see GET /api/v1/outbox/parked)."));
    }

    private Uni<ParkedEvent> view(OutboxEventEntity row) {
        return OutboxEventEntity.count("typeName = ?1 and id > ?2 and publishedAt is null", row.typeName, row.id)
                .map(held -> new ParkedEvent(row.id, row.eventId.toString(), row.typeName, row.change, row.revision,
                        row.occurredAt, row.attempts, row.failures, row.lastError, row.parkedAt, held));
    }
}
