package io.kindred.registry.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One event waiting to be (or already) published to Kafka. Written in the same transaction as the change it
 * describes; the id is an identity column assigned at insert time, after the writer holds the per-name revision
 * lock, so for one type name the ids follow the commit order and the relay can publish in id order.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEventEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    @Column(name = "type_id", nullable = false)
    public UUID typeId;

    @Column(name = "type_name", nullable = false)
    public String typeName;

    @Column(nullable = false)
    public String change;

    @Column(nullable = false)
    public long revision;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** The WorkloadTypeEvent in Avro single-object encoding. */
    @Column(nullable = false)
    public byte[] payload;

    /** Follow the event with a tombstone (null value) for the same key, letting compaction drop a deleted type. */
    @Column(name = "tombstone_after", nullable = false)
    public boolean tombstoneAfter;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    /** Failed attempts that were not transient (broker unreachable, timeouts do not count); parked at the maximum. */
    @Column(nullable = false)
    public int failures;

    /** Set when the relay gave up on the row: it waits for an administrator to retry or drop it. */
    @Column(name = "parked_at")
    public Instant parkedAt;
}
