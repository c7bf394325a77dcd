-- Workload categories and priorities: fixed dictionaries, seeded at start-up with name-based (UUIDv5) ids.
create table workload_category (
    id          uuid primary key,
    name        text not null unique,
    description text,
    created_at  timestamptz not null,
    created_by  text not null
);

create table workload_priority (
    id         uuid primary key,
    name       text not null unique,
    value      integer not null check (value >= 0),
    source     text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- One registered workload type = one Kubernetes Kind. opt_lock is the optimistic-locking version (JPA @Version),
-- revision the event revision published with it (see workload_type_revision).
create table workload_type (
    id             uuid primary key,
    name           text not null unique,
    api_group      text not null,
    category_id    uuid not null references workload_category (id),
    priority_id    uuid not null references workload_priority (id),
    preemptibility text check (preemptibility in ('preemptible', 'non-preemptible')),
    builtin        boolean not null,
    revision       bigint not null,
    created_at     timestamptz not null,
    created_by     text not null,
    updated_at     timestamptz not null,
    updated_by     text not null,
    opt_lock       bigint not null
);

-- The Resource Interface of each supported CRD version, as canonical JSON text (byte-comparable).
create table workload_type_ri (
    type_id   uuid not null references workload_type (id) on delete cascade,
    version   text not null,
    position  integer not null,
    spec_json text not null,
    primary key (type_id, version)
);

-- Last event revision per type NAME. It survives a delete, so a re-created type continues the sequence and
-- consumers that skip revisions they have already seen never mistake it for a replay. Every write locks its row
-- first, which also serialises all writers of one name (and so orders their outbox rows).
create table workload_type_revision (
    name     text primary key,
    revision bigint not null
);

-- Built-in types that were seeded once: a built-in an administrator deleted is not brought back on restart.
create table builtin_seed (
    name      text primary key,
    seeded_at timestamptz not null
);

-- Transactional outbox: written in the same transaction as the change, published to Kafka by the relay in id order.
create table outbox_event (
    id              bigint generated always as identity primary key,
    event_id        uuid not null unique,
    type_id         uuid not null,
    type_name       text not null,
    change          text not null,
    revision        bigint not null,
    occurred_at     timestamptz not null,
    payload         bytea not null,
    tombstone_after boolean not null default false,
    published_at    timestamptz,
    attempts        integer not null default 0,
    last_error      text
);

create index outbox_event_unpublished on outbox_event (id) where published_at is null;
create index outbox_event_published_at on outbox_event (published_at) where published_at is not null;

-- Small key/value facts about this registry (e.g. whether the first full snapshot was enqueued).
create table registry_state (
    key        text primary key,
    value      text not null,
    updated_at timestamptz not null
);
