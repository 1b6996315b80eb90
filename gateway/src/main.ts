import { runGatewayProcess } from './run-gateway';

runGatewayProcess();
