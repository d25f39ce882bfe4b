import type { Vendor } from '../db/tills.js';
import { lightspeed } from './lightspeed.js';
import { loyverse } from './loyverse.js';
import { shopify } from './shopify.js';
import { square } from './square.js';
import type { VendorAdapter } from './types.js';
import { zettle } from './zettle.js';

export const adapters: Record<Vendor, VendorAdapter> = { shopify, square, lightspeed, zettle, loyverse };
