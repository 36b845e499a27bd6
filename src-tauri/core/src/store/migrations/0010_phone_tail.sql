-- Schema 10: searching by a phone's tail (尾号). The case list's text search finds a case whose
-- phone ends with the last word typed (4 or more digits) through this index of each phone's last
-- four characters (phones are stored as digits, with an optional leading +), then compares the
-- whole tail on those few rows. It is an index on an expression of an existing column, so the
-- cases already in the file are in it as soon as it is built: nothing to fill in by hand, and
-- corrections keep it current by themselves.
CREATE INDEX cases_phone_tail ON cases (substr(customer_phone, -4)) WHERE customer_phone IS NOT NULL;
