-- The classic tutorial's star schema (schema classic): serial songplay key, primary keys on
-- the dimensions and nothing else, as in the Udacity "Data Modeling with Postgres" project.
DROP SCHEMA IF EXISTS classic CASCADE;
CREATE SCHEMA classic;
CREATE TABLE classic.songplays (
    songplay_id SERIAL PRIMARY KEY, start_time TIMESTAMP NOT NULL, user_id INT NOT NULL,
    level VARCHAR, song_id VARCHAR, artist_id VARCHAR, session_id INT, location VARCHAR,
    user_agent VARCHAR
);
CREATE TABLE classic.users (
    user_id INT PRIMARY KEY, first_name VARCHAR, last_name VARCHAR, gender CHAR(1), level VARCHAR
);
CREATE TABLE classic.songs (
    song_id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, artist_id VARCHAR NOT NULL, year INT,
    duration FLOAT
);
CREATE TABLE classic.artists (
    artist_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, location VARCHAR, latitude FLOAT,
    longitude FLOAT
);
CREATE TABLE classic.time (
    start_time TIMESTAMP PRIMARY KEY, hour INT, day INT, week INT, month INT, year INT,
    weekday INT
);
