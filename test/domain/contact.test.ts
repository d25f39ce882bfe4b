import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { canReceiveSms, displayPhone, isMobile, normaliseEmail, normalisePhone, phoneIn, spreadsheetPhone } from '../../src/domain/contact.js';

describe('phone numbers', () => {
  it.each([
    ['06 13572468', 'NL', '+31613572468'],
    ['06-13572468', 'NL', '+31613572468'],
    ['0031613572468', 'NL', '+31613572468'],
    ['+31 (0)6 13572468', 'NL', '+31613572468'],
    ['０６１２３４５６７８', 'NL', '+31612345678'],
    ['0470 12 34 56', 'BE', '+32470123456'],
    ['+31613572468', 'GB', '+31613572468'],
    ['(415) 867-5309', 'US', '+14158675309'],
  ])('%s with country %s is stored as %s', (raw, country, e164) => {
    expect(normalisePhone(raw, country)).toEqual({ ok: true, value: e164 });
  });

  it.each([['06 1234 567'], ['555-555-SHIP'], ['STOP']])('rejects %s', (raw) => {
    expect(normalisePhone(raw, 'NL')).toEqual({ ok: false, message: 'not a valid phone number (local numbers are read as NL)' });
  });

  // A black-box explorer: a number with words around it was refused as "not a valid phone number (local numbers are
  // read as NL)", which for a +44 number points at the wrong cause. One mobile number with a word that only says what
  // it is, is read; two numbers, or other words ("moeder", "niet bellen": perhaps not the one to text), are refused
  // saying so; never one of two numbers guessed.
  it.each([
    ['0612345683 (mobiel)', '+31612345683'],
    ['+44 7911 123456 ext', '+447911123456'],
    ['M: +31 6 12345683', '+31612345683'],
    ['tel. 06-12345683 (privé)', '+31612345683'],
    ['0612345683 WhatsApp', '+31612345683'],
  ])('reads the one mobile number in %s, beside a word that only says what it is', (raw, e164) => {
    expect(normalisePhone(raw, 'NL')).toEqual({ ok: true, value: e164 });
  });

  const MORE = 'holds more than a phone number: send only the number';
  const TWO = "holds 2 phone numbers: send only the customer's mobile number (which one is theirs is not guessed)";
  it.each([
    ['06 1234 5684 / 020 1234567', TWO],
    ['06 12345683 of 06 87654321', TWO],
    ['0612345683 (moeder)', MORE],
    ['0612345683 niet bellen', MORE],
    ['call me on 06 13572468', MORE],
    ['020 1234567 (tel)', MORE], // a landline: only a mobile number is read out of words
    ['097 012345678 (mob)', MORE], // a machine's SIM
    ['0612345683 12', MORE],
  ])('refuses %s, saying why', (raw, message) => {
    expect(normalisePhone(raw, 'NL')).toEqual({ ok: false, message });
  });

  it('does not say local numbers are read as the shop\'s country of a number written with its country code', () => {
    expect(normalisePhone('+44 7911 12', 'NL')).toEqual({ ok: false, message: 'not a valid phone number' });
    expect(normalisePhone('0044 7911 12', 'NL')).toEqual({ ok: false, message: 'not a valid phone number' });
    expect(normalisePhone('07911 12', 'GB')).toEqual({ ok: false, message: 'not a valid phone number (local numbers are read as GB)' });
  });

  // The black-box review of 5 December: the join page texted its code to a machine's SIM (NL 097, typed MOBILE).
  it.each([['+31613572468', true], ['+12125550123', true], ['+3197012345678', false], ['+3197010000001', false], ['+31851234567', false], ['+31201234567', false]])(
    'knows whether %s is a mobile a join page may text a code to: %s', (e164, mobile) => {
      expect(isMobile(e164)).toBe(mobile);
    },
  );

  it('knows a mobile takes SMS and a landline does not', () => {
    expect(canReceiveSms('+31613572468')).toBe(true);
    expect(canReceiveSms('+31201234567')).toBe(false);
    expect(canReceiveSms('+14158675309')).toBe(true); // US numbers may be either
  });

  it("knows a machine's SIM (NL 097, typed MOBILE) takes no text anyone reads, also just after reading it", () => {
    expect(normalisePhone('097 012345678', 'NL')).toEqual({ ok: true, value: '+3197012345678' });
    expect(canReceiveSms('+3197012345678')).toBe(false);
    expect(canReceiveSms('+3197012345679')).toBe(false);
  });

  it('knows whether a number it has just read takes SMS (from that same reading)', () => {
    expect(normalisePhone('06 45678901', 'NL')).toEqual({ ok: true, value: '+31645678901' });
    expect(canReceiveSms('+31645678901')).toBe(true);
    expect(normalisePhone('010 4567890', 'NL')).toEqual({ ok: true, value: '+31104567890' });
    expect(canReceiveSms('+31104567890')).toBe(false);
    expect(normalisePhone('0800 0222', 'NL')).toMatchObject({ ok: true });
    expect(canReceiveSms((normalisePhone('0800 0222', 'NL') as { value: string }).value)).toBe(false); // toll-free
  });

  it("accepts what libphonenumber's isValid() accepts, and says it takes SMS as the number's type does", () => {
    // Numbers as tills send them: local or international, with the prefixes of several countries, some too short or
    // too long, some of no known type.
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const raw = fc.tuple(fc.constantFrom('', '0', '06', '+31', '+32 4', '+44 7', '+1 ', '+49 15', '+33 6', '+91 9', '+800 ', '00'), digits(4, 12)).map(([a, b]) => a + b);
    fc.assert(
      fc.property(raw, fc.constantFrom('NL', 'BE', 'GB', 'US', 'DE', 'FR', 'IN', 'XX'), (text, country) => {
        const phone = parsePhoneNumberFromString(text, { defaultCountry: country === 'XX' ? undefined : country, extract: false });
        const valid = phone?.isValid() ?? false;
        const read = normalisePhone(text, country);
        expect(read.ok).toBe(valid);
        // (Nor a machine's SIM, NL 097, typed MOBILE.)
        const machine = read.ok && read.value.startsWith('+3197');
        if (read.ok) expect(canReceiveSms(read.value)).toBe(!machine && !['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'UAN', 'VOICEMAIL', 'PAGER'].includes(phone!.getType() ?? ''));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a number the same after more new numbers than it keeps in mind, and one read again since stays known', () => {
    // 12,000 new numbers: the 5,000 kept go round more than twice; a landline among them, read again, is one still.
    const mobile = (i: number) => `06 2${String(i).padStart(7, '0')}`;
    expect(normalisePhone('010 4567891', 'NL')).toEqual({ ok: true, value: '+31104567891' });
    for (let i = 0; i < 12_000; i++) {
      expect(normalisePhone(mobile(i), 'NL')).toEqual({ ok: true, value: `+3162${String(i).padStart(7, '0')}` });
      if (i % 3000 === 0) expect(normalisePhone('010 4567891', 'NL')).toEqual({ ok: true, value: '+31104567891' });
    }
    expect(canReceiveSms('+31104567891')).toBe(false);
    expect(normalisePhone(mobile(0), 'NL')).toEqual({ ok: true, value: '+31620000000' });
    expect(canReceiveSms('+31620000000')).toBe(true);
  });
});

describe('a number given in words', () => {
  it.each([
    ['Bel me even terug op 0687654321', 'NL', '+31687654321'],
    ['Bel me op 06-87 65 43 21 aub', 'NL', '+31687654321'],
    ['Please call me on 07911 123456', 'GB', '+447911123456'],
    ['Mijn Belgische nummer: +32 470 12 34 56, bel me daar', 'BE', '+32470123456'],
    ['Bel me vast op 020 123 4567', 'NL', '+31201234567'],
    ['Mijn nummer is 0687654321, bel maar', 'NL', '+31687654321'],
    ['Ik ben bereikbaar op 06 87654321', 'NL', '+31687654321'],
    ['De rits klemt sinds 14-03-2026', 'NL', null],
    ['Bon 123456789, betaald 89,95', 'NL', null],
    ['Kassabon 20260314153000', 'NL', null],
    ['ref 0123456', 'NL', null],
    ['Bel me even terug', 'NL', null],
    // The review of 4 December 2026: none of these is a number to call the customer on, and the owner was shown each.
    ['Ordernummer 0123456789 klopt niet, bel me', 'NL', null],
    ['IBAN NL91ABNA0417164300, bel me', 'NL', null],
    ['Datum 01.12.2026 14:30, bel me', 'NL', null],
    ['Bonnummer: 0001 2345 6789, bel me', 'NL', null],
    ['Serienummer 0123456789, bel me', 'NL', null],
    ['Onderdeelnummer 06123456789, bel me', 'NL', null],
    ['Klantnummer 0031612345, bel me', 'NL', null],
    ['Betaald €0612345,00, bel me', 'NL', null],
    ['Order no 01234567890 never arrived, call me', 'GB', null],
    ['Bel me niet op 0613572468 maar op 0687654321', 'NL', null], // two numbers: the owner reads which
    ['Mijn oude nummer was 0613572468, nu 0687654321, bel me', 'NL', null],
    ['Uw nummer 0201234567 werkt niet, ik kon niet bellen', 'NL', null], // the shop's own
    ['Ik belde 0201234567 maar niemand nam op', 'NL', null],
    ['De rits is kapot 0687654321', 'NL', null], // no call asked for: the owner reads it
    // The open-internet review of 5 December: a paid line in a reply became the owner's call-back button. Only a mobile or
    // a landline is one to call; any other kind, and the owner calls the number in the till.
    ['De bel is kapot. Bel me even terug op 0906 1234567', 'NL', null],
    ['Bel me op 0900 1234567', 'NL', null],
    ['Bel me op 0909 1234567', 'NL', null],
    ['Bel me op 084 1234567', 'NL', null], // a "personal number", charged
    ['Bel me op 0800 1234567', 'NL', null],
    ['Bel me op +44 909 879 0000', 'NL', null],
    ['Bel me op +44 70 1234 5678', 'NL', null],
    ['Bel me op +1 900 234 5678', 'NL', null],
    ['Bel me op +882 16 1234567', 'NL', null], // satellite
    ['Bel me op 0687654321 of 0906 1234567', 'NL', null],
    ['Call me on +1 212 555 0123', 'US', '+12125550123'], // mobile or landline: the US does not tell
    // A home's or a business's line called at a normal rate is one to call too (the owner's review of 6 December: "Bel me
    // op 085 1234567" gave no button): a VoIP line of a country, NL 088 and GB 03 (charged as a landline).
    ['Bel me op 085 1234567', 'NL', '+31851234567'],
    ['Bel me op 091 1234567', 'NL', '+31911234567'],
    ['Bel me op 088 1234567', 'NL', '+31881234567'],
    ['Bel me op +33 9 12 34 56 78', 'FR', '+33912345678'],
    ['Please call me on 0300 123 4567', 'GB', '+443001234567'],
    ['Please call me on 056 1234 5678', 'GB', '+445612345678'],
    // Not so a personal number (084, 087: the provider's own rate), another country's UAN (GB 055), nor a machine's SIM.
    ['Bel me op 087 1234567', 'NL', null],
    ['Please call me on 055 1234 5678', 'GB', null],
    ['Bel me op 097 012345678', 'NL', null],
    ['Bel me op +883 510012345', 'NL', null], // an international network's "VoIP": no country, charged dearly
    ['Bel me op +49 30 123456', 'DE', '+4930123456'],
  ])('%j (%s): %s', (text, country, expected) => {
    expect(phoneIn(text, country)).toBe(expected);
  });

  // The black-box review of 5 December: a number of any country in a reply became the owner's "Bel" button, and a line
  // abroad that looks like a mobile or a landline may be a revenue-share one (+239, +53, +675, the call-back scam's
  // +1 268). Only one of the shop's country is offered, or of the country of the customer's own number on file.
  it.each([
    ['Het is kapot, bel me terug op +239 981 2345', '+31613572468', null],
    ['Het is kapot, bel me terug op +53 5 1234567', '+31613572468', null],
    ['Het is kapot, bel me terug op +1 268 464 1234', '+31613572468', null],
    ['Het is kapot, bel me terug op +675 7012 3456', '+31613572468', null],
    ['Het is kapot, bel me terug op +371 2012 3456', '+31613572468', null],
    ['Het is kapot, bel me terug op +1 268 464 1234', null, null],
    ['Het is kapot, bel me terug op +1 268 464 1234', '+12125550123', null], // the US is not Antigua, for all its +1
    ['Mijn Belgische nummer: +32 470 12 34 56, bel me daar', '+31613572468', null],
    ['Mijn Belgische nummer: +32 470 12 34 56, bel me daar', null, null],
    ['Mijn andere nummer: +32 470 12 34 56, bel me daar', '+32478000000', '+32470123456'], // a Belgian customer near the border
    ['Bel me terug op +371 2012 3456', '+37120000000', '+37120123456'],
    ['Bel me even terug op 0687654321', '+32478000000', '+31687654321'], // the shop's own country
    ['Bel me even terug op +31 6 87654321', null, '+31687654321'],
  ])('%j, on file %s (a Dutch shop): %s', (text, onFile, expected) => {
    expect(phoneIn(text, 'NL', onFile)).toBe(expected);
  });

  // Its review: a US shop's customer from Puerto Rico, the Virgin Islands or Guam (the US's own, at home rates) and a
  // Canadian one were no longer offered; the Caribbean's +1 countries still are not.
  it.each([
    ['Please call me back on +1 787 555 0123', 'US', '+17875550123'],
    ['Please call me back on +1 340 555 0123', 'US', '+13405550123'],
    ['Please call me back on +1 671 555 0123', 'US', '+16715550123'],
    ['Please call me back on +1 416 555 0123', 'US', '+14165550123'],
    ['Please call me back on +1 212 555 0123', 'CA', '+12125550123'],
    ['Please call me back on +1 268 464 1234', 'US', null],
    ['Please call me back on +1 876 555 0123', 'CA', null],
  ])('%j (a shop in %s): %s', (text, country, expected) => {
    expect(phoneIn(text, country, null)).toBe(expected);
  });
});

// The owner's CSV downloads: a number a spreadsheet keeps as text (no + in front: a formula to it), dialled as it is.
describe('a number for a spreadsheet', () => {
  it.each([
    ['+31612340202', 'NL', '06 12340202'],
    ['+447911123456', 'NL', '00 44 7911 123456'],
    ['+12125550123', 'NL', '00 1 212 555 0123'],
    ['+31612340202', 'US', '011 31 6 12340202'],
    ['+12125550123', 'US', '(212) 555-0123'],
    ['+31612340202', 'BR', '+31 6 12340202'], // no one way to dial abroad: the CSV puts its ' in front, as of any + cell
    // Short German numbers, whose format hangs on their last digits (a cache by all but those wrote 395490 here)
    ['+49390000', 'DE', parsePhoneNumberFromString('+49390000')!.formatNational()],
    ['+49395490', 'DE', parsePhoneNumberFromString('+49395490')!.formatNational()],
  ])('%s in a shop in %s: %s', (e164, country, written) => {
    expect(spreadsheetPhone(e164, country)).toBe(written);
  });
});

// The owner's page: at home as dialled at home. libphonenumber files +44 7911 12xxxx under Guernsey: a shop in Britain
// read "+44 7911 123005" (the review of the owner's day).
describe("a number on the owner's page", () => {
  it.each([
    ['+31612340202', 'NL', '06 12340202'],
    ['+447911123005', 'GB', '07911 123005'],
    ['+447911123005', 'NL', '+44 7911 123005'],
    ['+32470123456', 'NL', '+32 470 12 34 56'],
    ['+14165550100', 'US', '+1 416 555 0100'], // Canada from the United States: as before
    ['+5997151234', 'CW', '+599 715 1234'], // Bonaire from Curaçao: as before
    ['+12125550123', 'US', '(212) 555-0123'],
  ])('%s in a shop in %s: %s', (e164, country, written) => {
    expect(displayPhone(e164, country)).toBe(written);
  });
});

describe('e-mail addresses', () => {
  it('are trimmed and lower-cased', () => {
    expect(normaliseEmail('  Sanne@Example.COM ')).toEqual({ ok: true, value: 'sanne@example.com' });
  });

  it.each([['sanne'], ['sanne@'], ['@example.com'], ['sanne@example'], ['jan.@example.nl'], ['jan@exa mple.nl'], ['jan@-example.nl']])('rejects %s', (raw) => {
    expect(normaliseEmail(raw).ok).toBe(false);
  });

  // Real addresses zod's default pattern refused, so the customer could not be reached.
  it.each([['jan&piet@example.nl'], ["o'brien@example.ie"], ['jan@müller.de'], ['Jan@Müller.DE']])('keeps %s', (raw) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value: raw.toLowerCase() });
  });
});
