import { loadModuleStrings } from './index';

// Unit tests read labels of every module: the modules' strings are loaded as a module page would.
await loadModuleStrings();
