-- Audit ids in time order (UUIDv7, RFC 9562): with random UUIDs every insert landed on a random
-- page of the primary key index, and after each checkpoint every such page went to the WAL in
-- full (2.4x the WAL of a 100-citizen request). PostgreSQL 15 has no uuidv7(); this is the
-- usual SQL form: 48 bits of Unix milliseconds, then version 7 and the random rest. The next
-- migration makes it the default.
CREATE FUNCTION "access"."uuid_v7"() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
