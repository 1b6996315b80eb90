/** The largest value of a PostgreSQL `int` (int4) column: anything computed from input into one is checked against it first. */
export const MAX_INT4 = 2_147_483_647;
