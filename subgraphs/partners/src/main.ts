import 'reflect-metadata';
import { runSubgraphProcess } from '../../../shared/src/subgraph/main';
import { partnersSubgraph } from './subgraph';

runSubgraphProcess(partnersSubgraph);
