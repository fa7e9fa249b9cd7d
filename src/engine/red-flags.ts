/**
 * @module engine/red-flags
 * The red-flag vocabulary a caller may report. Codes are ours; each maps to the guidance it comes from: the BIS
 * "Red Flag Indicators" checklist (web guidance, not CFR text) and the "Know Your Customer" guidance of
 * Supplement No. 3 to Part 732 (see regulations/ear-text/supp-3-to-part-732.yaml).
 */
export const RED_FLAGS = {
  similar_to_denied_party: 'The customer or its address is similar to one of the parties found on the Commerce Department\'s BIS list of denied persons.',
  evasive_about_end_use: 'The customer or purchasing agent is reluctant to offer information about the end-use of the item.',
  capabilities_unfit_for_business: 'The product\'s capabilities do not fit the buyer\'s line of business, such as an order for sophisticated computers for a small bakery.',
  incompatible_with_technical_level: 'The item ordered is incompatible with the technical level of the country to which it is being shipped, such as semiconductor manufacturing equipment being shipped to a country that has no electronics industry.',
  cash_for_expensive_item: 'The customer is willing to pay cash for a very expensive item when the terms of sale would normally call for financing.',
  little_business_background: 'The customer has little or no business background.',
  unfamiliar_with_product: 'The customer is unfamiliar with the product\'s performance characteristics but still wants the product.',
  declines_installation_training: 'Routine installation, training, or maintenance services are declined by the customer.',
  vague_delivery: 'Delivery dates are vague, or deliveries are planned for out of the way destinations.',
  freight_forwarder_final_destination: 'A freight forwarding firm is listed as the product\'s final destination.',
  unusual_routing: 'The shipping route is abnormal for the product and destination.',
  unusual_packaging: 'Packaging is inconsistent with the stated method of shipment or destination.',
  unclear_domestic_or_export: 'When questioned, the buyer is evasive and especially unclear about whether the purchased product is for domestic use, for export, or for reexport.',
} as const;

export type RedFlagCode = keyof typeof RED_FLAGS;
export const RED_FLAG_CODES = Object.keys(RED_FLAGS) as RedFlagCode[];
export const RED_FLAG_SOURCE = {
  checklist: 'BIS, "Red Flag Indicators" (web guidance, not CFR text), https://www.bis.gov/articles/red-flag-indicators',
  guidance: '15 CFR part 732, supplement no. 3 ("Know Your Customer" Guidance and Red Flags), paragraph (a)(2)–(3): if there are red flags, inquire; do not self-blind',
} as const;
