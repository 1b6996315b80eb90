import 'reflect-metadata';
import { runSubgraphProcess } from '../../../shared/src/subgraph/main';
import { platformSubgraph } from './subgraph';

runSubgraphProcess(platformSubgraph);
