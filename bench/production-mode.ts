/**
 * Imported first by benches that run the graph in their own process: production mode, as `npm
 * start` and the container image run the services (graphql-js and others decide at load time).
 */
process.env.NODE_ENV ??= 'production';
