/** The actions the registry writes to its ledger, each named explicitly. */
export const RegistryActions = {
  publish: 'subgraph.publish',
  remove: 'subgraph.remove',
  rollback: 'supergraph.rollback',
  propose: 'change.propose',
  approve: 'change.approve',
  reject: 'change.reject',
  registerClient: 'client.register',
} as const;
