import 'reflect-metadata';
import { runSubgraphProcess } from '../../../shared/src/subgraph/main';
import { sustainabilitySubgraph } from './subgraph';

runSubgraphProcess(sustainabilitySubgraph);
