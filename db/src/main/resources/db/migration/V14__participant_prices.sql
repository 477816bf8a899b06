-- A participant's own terms (issue 15): AUTOMATIC (the reservation price the engine derives from the
-- battery's state of charge) or stated limits (the lowest price it sells at, the highest it buys at),
-- optionally per time of day; an override for one interval until its gate closes. What was in force
-- for each interval is kept with its position, with the reason when a stated price was refused.

CREATE TABLE price_preferences (
    participant_id text           PRIMARY KEY REFERENCES participants (id),
    mode           text           NOT NULL CHECK (mode IN ('AUTOMATIC', 'LIMITS')),
    min_sell_price numeric(12, 6) CHECK (min_sell_price >= 0),
    max_buy_price  numeric(12, 6) CHECK (max_buy_price >= 0),
    -- [{"from": "17:00", "to": "21:00", "minSellPrice": "0.80", "maxBuyPrice": "1.00"}], in the market's time zone
    schedule       jsonb          NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(schedule) = 'array'),
    updated_at     timestamptz    NOT NULL DEFAULT now(),
    updated_by     text           NOT NULL,
    CHECK (mode = 'AUTOMATIC' OR (min_sell_price IS NOT NULL AND max_buy_price IS NOT NULL))
);

CREATE TABLE price_overrides (
    participant_id text           NOT NULL REFERENCES participants (id),
    starts_at      timestamptz    NOT NULL,
    min_sell_price numeric(12, 6) CHECK (min_sell_price >= 0),
    max_buy_price  numeric(12, 6) CHECK (max_buy_price >= 0),
    submitted_at   timestamptz    NOT NULL DEFAULT now(),
    submitted_by   text           NOT NULL,
    PRIMARY KEY (participant_id, starts_at),
    CHECK (min_sell_price IS NOT NULL OR max_buy_price IS NOT NULL)
);

ALTER TABLE positions ADD COLUMN price_source text NOT NULL DEFAULT 'AUTOMATIC'
    CHECK (price_source IN ('AUTOMATIC', 'LIMITS', 'SCHEDULE', 'OVERRIDE'));
ALTER TABLE positions ADD COLUMN stated_price numeric(12, 6) CHECK (stated_price >= 0);
ALTER TABLE positions ADD COLUMN price_refusal text;
ALTER TABLE positions ADD CONSTRAINT positions_price_source_check2 CHECK ((price_source = 'AUTOMATIC') = (stated_price IS NULL));
