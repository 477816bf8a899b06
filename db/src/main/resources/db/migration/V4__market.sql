-- Trading intervals and everything the market decided in them.

CREATE TABLE trading_intervals (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    starts_at      timestamptz NOT NULL UNIQUE,
    ends_at        timestamptz NOT NULL,
    status         text        NOT NULL DEFAULT 'COLLECTING'
                               CHECK (status IN ('COLLECTING', 'CLEARING', 'CLEARED', 'SETTLING', 'SETTLED', 'FAILED')),
    failure_reason text,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK ((status = 'FAILED') = (failure_reason IS NOT NULL))
);
CREATE INDEX trading_intervals_status ON trading_intervals (status) WHERE status NOT IN ('SETTLED', 'FAILED');

-- One row per participant and interval: the primary key is the "one role per interval" rule.
CREATE TABLE positions (
    interval_id       bigint         NOT NULL REFERENCES trading_intervals (id),
    participant_id    text           NOT NULL REFERENCES participants (id),
    role              text           NOT NULL CHECK (role IN ('BUY', 'SELL')),
    energy_kwh        numeric(18, 6) NOT NULL CHECK (energy_kwh > 0),
    battery_id        text           REFERENCES batteries (id),
    soc_percent       numeric(9, 6)  CHECK (soc_percent BETWEEN 0 AND 100),
    reservation_price numeric(12, 6) NOT NULL CHECK (reservation_price >= 0),
    PRIMARY KEY (interval_id, participant_id),
    CHECK ((battery_id IS NULL) = (soc_percent IS NULL))
);

CREATE TABLE quotes (
    interval_id    bigint         NOT NULL,
    participant_id text           NOT NULL,
    round          integer        NOT NULL CHECK (round >= 1),
    phase          text           NOT NULL CHECK (phase IN ('PAPER_ITERATION', 'BEST_RESPONSE')),
    price          numeric(12, 6) NOT NULL CHECK (price >= 0),
    market_kwh     numeric(18, 6) NOT NULL CHECK (market_kwh >= 0),
    PRIMARY KEY (interval_id, participant_id, round),
    FOREIGN KEY (interval_id, participant_id) REFERENCES positions (interval_id, participant_id)
);

CREATE TABLE clearing_results (
    interval_id    bigint         PRIMARY KEY REFERENCES trading_intervals (id),
    market_type    text           NOT NULL CHECK (market_type IN ('BUYERS_MARKET', 'SELLERS_MARKET', 'BALANCED')),
    supply_kwh     numeric(18, 6) NOT NULL CHECK (supply_kwh >= 0),
    demand_kwh     numeric(18, 6) NOT NULL CHECK (demand_kwh >= 0),
    clearing_price numeric(12, 6) CHECK (clearing_price >= 0),
    rounds         integer        NOT NULL CHECK (rounds >= 0),
    method         text           NOT NULL CHECK (method IN ('PAPER_ITERATION', 'BEST_RESPONSE', 'BALANCED', 'NO_TRADE')),
    equilibrium    text           NOT NULL,
    grid_feed_in_price numeric(12, 6) NOT NULL,
    grid_retail_price  numeric(12, 6) NOT NULL,
    price_tick     numeric(12, 6) NOT NULL CHECK (price_tick > 0),
    cleared_at     timestamptz    NOT NULL DEFAULT now(),
    CHECK ((method = 'NO_TRADE') = (clearing_price IS NULL))
);

-- Per participant: what the engine gave it, with its final quote and rank.
CREATE TABLE participant_results (
    interval_id       bigint         NOT NULL REFERENCES clearing_results (interval_id),
    participant_id    text           NOT NULL,
    final_quote       numeric(12, 6),
    rank              integer        CHECK (rank >= 1),
    market_kwh        numeric(18, 6) NOT NULL CHECK (market_kwh >= 0),
    market_amount     numeric(30, 12) NOT NULL CHECK (market_amount >= 0),
    PRIMARY KEY (interval_id, participant_id),
    FOREIGN KEY (interval_id, participant_id) REFERENCES positions (interval_id, participant_id)
);

CREATE TABLE trades (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interval_id    bigint          NOT NULL REFERENCES clearing_results (interval_id),
    seq            integer         NOT NULL CHECK (seq >= 0),
    seller_id      text            NOT NULL REFERENCES participants (id),
    buyer_id       text            NOT NULL REFERENCES participants (id),
    energy_kwh     numeric(18, 6)  NOT NULL CHECK (energy_kwh > 0),
    price          numeric(12, 6)  NOT NULL CHECK (price >= 0),
    amount         numeric(30, 12) NOT NULL CHECK (amount >= 0),
    UNIQUE (interval_id, seq),
    UNIQUE (interval_id, seller_id, buyer_id),
    CHECK (seller_id <> buyer_id),
    CHECK (amount = price * energy_kwh)
);
CREATE INDEX trades_seller ON trades (seller_id, interval_id);
CREATE INDEX trades_buyer ON trades (buyer_id, interval_id);

CREATE TABLE grid_exchanges (
    interval_id    bigint          NOT NULL REFERENCES clearing_results (interval_id),
    participant_id text            NOT NULL REFERENCES participants (id),
    direction      text            NOT NULL CHECK (direction IN ('EXPORT', 'IMPORT')),
    energy_kwh     numeric(18, 6)  NOT NULL CHECK (energy_kwh > 0),
    price          numeric(12, 6)  NOT NULL CHECK (price >= 0),
    amount         numeric(30, 12) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (interval_id, participant_id),
    CHECK (amount = price * energy_kwh)
);

CREATE TABLE battery_dispatch (
    interval_id        bigint         NOT NULL REFERENCES clearing_results (interval_id),
    battery_id         text           NOT NULL REFERENCES batteries (id),
    participant_id     text           NOT NULL REFERENCES participants (id),
    direction          text           NOT NULL CHECK (direction IN ('CHARGE', 'DISCHARGE')),
    energy_kwh         numeric(18, 6) NOT NULL CHECK (energy_kwh > 0),
    soc_before_percent numeric(9, 6)  NOT NULL CHECK (soc_before_percent BETWEEN 0 AND 100),
    soc_after_percent  numeric(9, 6)  NOT NULL CHECK (soc_after_percent BETWEEN 0 AND 100),
    PRIMARY KEY (interval_id, battery_id),
    CHECK ((direction = 'CHARGE') = (soc_after_percent >= soc_before_percent))
);
