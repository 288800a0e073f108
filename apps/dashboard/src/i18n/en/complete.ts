// Every English message, the staff pages' included: for tests and checks, never for the app's
// first bundle (it loads the staff text with the staff pages).
import { type Catalogue, en as firstBundle } from './index.ts';
import { enStaff } from './staff.ts';

export const en: Catalogue = { ...firstBundle, ...enStaff };
