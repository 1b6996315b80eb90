#!/usr/bin/env node
'use strict';
/**
 * `npx trellis …` (and the `trellis` bin once installed): builds the TypeScript if it is not built
 * yet or a source changed (see ensure-built.js), then runs the compiled CLI. Committed as plain
 * JavaScript so that it works from a fresh clone, before dist/ exists.
 */
if (!require('./ensure-built').ensureBuilt()) process.exit(2);
process.setSourceMapsEnabled(true);
require('../dist/scripts/trellis.js');
