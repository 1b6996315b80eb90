import 'reflect-metadata';
import { runSubgraphProcess } from '../../../shared/src/subgraph/main';
import { brandsSubgraph } from './subgraph';

runSubgraphProcess(brandsSubgraph);
