-- Official status: what each company's own status page says, polled from the URLs the catalog names.

-- One URL the poller reads and where it stands with it. A page is the URL the catalog names; some formats read a
-- second URL of the same page (Statuspage: incidents.json beside summary.json).
create table if not exists official_source (
    url            varchar(300) not null primary key,
    page           varchar(300) not null,
    -- statuspage, rss, atom, google-cloud, slack
    format         varchar(20)  not null,
    -- validators of the last answer, sent back as If-None-Match / If-Modified-Since
    etag           varchar(200),
    last_modified  varchar(100),
    -- the source is due from then on; the node that polls it first moves this forward (its claim)
    next_poll_at   timestamp with time zone not null,
    -- the last attempt, answered or not
    checked_at     timestamp with time zone,
    -- the first and the last answer that was read and understood
    first_ok_at    timestamp with time zone,
    ok_at          timestamp with time zone,
    -- the first failure of the current run of failures; null while the source answers
    failing_since  timestamp with time zone,
    failures       integer      not null default 0,
    error          varchar(300),
    -- the page's own overall word, when it has one: none, minor, major, critical, maintenance
    indicator      varchar(20),
    description    varchar(300)
);

create index if not exists official_source_due on official_source (next_poll_at);
create index if not exists official_source_page on official_source (page);

-- The services a page speaks for. components: the page's component names that are this service, separated by '|';
-- empty means the whole page is this service.
create table if not exists official_link (
    service_id  integer      not null references service (id),
    page        varchar(300) not null,
    components  varchar(1000) not null default '',
    primary key (service_id, page)
);

-- An incident as the source published it.
create table if not exists official_incident (
    page            varchar(300) not null,
    external_id     varchar(200) not null,
    title           varchar(500) not null,
    -- none, minor, major, critical, maintenance, unknown
    impact          varchar(20)  not null,
    -- the source's own word: investigating, identified, monitoring, resolved, active …
    status          varchar(40)  not null,
    -- when the source first said it (its creation time): the acknowledgement
    acknowledged_at timestamp with time zone not null,
    -- when the source says the trouble began, often earlier than it said so
    started_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    resolved_at     timestamp with time zone,
    link            varchar(500),
    -- the affected components and the regions they name, separated by '|'
    components      varchar(2000) not null default '',
    regions         varchar(500)  not null default '',
    -- when Outcry first read it
    first_seen_at   timestamp with time zone not null,
    primary key (page, external_id)
);

create index if not exists official_incident_time on official_incident (acknowledged_at);

-- The status updates of an incident, oldest first.
create table if not exists official_update (
    page         varchar(300) not null,
    external_id  varchar(200) not null,
    position     integer      not null,
    at           timestamp with time zone not null,
    status       varchar(40)  not null,
    body         varchar(4000) not null,
    primary key (page, external_id, position),
    foreign key (page, external_id) references official_incident (page, external_id)
);
