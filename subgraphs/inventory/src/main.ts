import 'reflect-metadata';
import { runSubgraphProcess } from '../../../shared/src/subgraph/main';
import { inventorySubgraph } from './subgraph';

runSubgraphProcess(inventorySubgraph);
