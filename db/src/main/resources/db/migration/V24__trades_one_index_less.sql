-- A trade's pair is unique in its interval, and a seller's trades are looked up by seller: two
-- indexes (the pair's, led by the interval, and trades_seller), where one led by the seller does
-- both. An interval's trades are found by (interval_id, seq); a seller's in an interval by the
-- seller's index. At 100,000 prosumers (82,632 trades an interval) an index less to write is
-- about 0.2 s of the clearing.
ALTER TABLE trades ADD CONSTRAINT trades_seller_id_interval_id_buyer_id_key UNIQUE (seller_id, interval_id, buyer_id);
ALTER TABLE trades DROP CONSTRAINT trades_interval_id_seller_id_buyer_id_key;
DROP INDEX trades_seller;
