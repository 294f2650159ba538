// Pages whose content the server renders whole (categories, all services, not found): the header's language switch.
import { initPage } from './common.js';

initPage();
