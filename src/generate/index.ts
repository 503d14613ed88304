/** Every generated file and the function that makes it: one list for `npm run generate` and for the drift check. */
import { generateOpenApi, OPENAPI_FILE } from './openapi.js';
import { COMMANDS_INDEX, generateCommandsIndex, generateScenariosIndex, SCENARIOS_INDEX } from './registries.js';
import { generateTypes, TYPES_FILE } from './types.js';

export interface Generator {
  file: string;
  make: () => Promise<string>;
}

export const generators: Generator[] = [
  { file: TYPES_FILE, make: generateTypes },
  { file: OPENAPI_FILE, make: generateOpenApi },
  { file: COMMANDS_INDEX, make: generateCommandsIndex },
  { file: SCENARIOS_INDEX, make: generateScenariosIndex },
];
