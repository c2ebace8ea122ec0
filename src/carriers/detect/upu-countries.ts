/**
 * ISO 3166 codes of the countries whose postal operator issues UPU S10 numbers, transcribed from
 * tracking_number_data's s10 "Courier" lookup. An S10 number is only valid when its last two letters are one
 * of these: a check digit alone would accept made-up country codes such as XX.
 */
const CODES = `
AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CF CG CH
CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FR GA GB GD GE GH GM GN
GQ GR GT GW GY HK HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ LA
LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MK ML MM MN MR MT MU MV MW MX MY MZ NA NE NG NI NL
NO NP NR NZ OM PA PE PG PH PK PL PT PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS
ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TZ UA UG US UY UZ VA VC VE VN VU WS YE ZA ZM ZW`;

export const UPU_S10_COUNTRY_CODES: ReadonlySet<string> = new Set(CODES.trim().split(/\s+/));
