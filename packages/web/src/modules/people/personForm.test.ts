import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { issueMessage } from '../../ui/form';
import { birthNameNote, personName } from './format';
import { emptyPersonValues, personFormSchema, preparePerson, type PersonFormValues } from './personForm';

const filled = (changes: Partial<PersonFormValues>): PersonFormValues => ({
  ...emptyPersonValues(null),
  birthName: 'Lefèvre',
  firstNames: 'André Jean',
  sex: 'male',
  birthDate: '1936-12-01',
  ...changes,
});

const messages = (values: PersonFormValues) => {
  const result = personFormSchema.safeParse(preparePerson(values, { mode: 'create', withSituation: true }), { reportInput: true });
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issueMessage(issue, i18n.t)]));
};

describe('the person form', () => {
  it('sends empty fields as null, no address when none is typed, and no INS while creating without one', () => {
    const body = preparePerson(filled({ usedName: '  ', phone: '' }), { mode: 'create', withSituation: true });
    expect(body).toMatchObject({ usedName: null, phone: null, address: null, ins: null, serviceId: null });
    expect(body.situation).toEqual({ livingArrangement: null, housing: null, benefits: [], occupation: null, notes: null });
    expect(personFormSchema.safeParse(body).success).toBe(true);
  });

  it('leaves the INS and the situation out of a change unless a new number is typed and the situation may be read', () => {
    const body = preparePerson(filled({ 'ins.oid': '1.2.250.1.213.1.4.8', status: 'active' }), { mode: 'edit', withSituation: false });
    expect(body).not.toHaveProperty('ins');
    expect(body).not.toHaveProperty('situation');
    expect(body.status).toBe('active');
  });

  it('words the INS key, a future birth date and a partial address in French', async () => {
    await i18n.changeLanguage('fr');
    expect(
      messages(filled({ 'ins.matricule': '1 36 12 26 347 012 00', 'ins.oid': '1.2.250.1.213.1.4.8', 'ins.status': 'qualified' })),
    ).toEqual({
      'ins.matricule': 'La clé de ce matricule INS ne correspond pas : vérifiez les chiffres.',
    });
    expect(messages(filled({ 'ins.matricule': '12345' }))['ins.matricule']).toMatch(/^Un matricule INS compte 15 caractères/);
    expect(messages(filled({ birthDate: '2999-01-01' }))).toEqual({ birthDate: 'La date de naissance ne peut pas être dans le futur.' });
    expect(Object.keys(messages(filled({ 'address.commune': 'Crest' })))).toEqual(['address.line1', 'address.postcode']);
  });
});

describe('names', () => {
  it('shows the name in use in capitals, and the birth name when it differs', async () => {
    await i18n.changeLanguage('fr');
    expect(personName({ birthName: 'Chabert', usedName: 'Morel', firstNames: 'Lucienne' })).toBe('MOREL Lucienne');
    expect(personName({ birthName: 'Lefèvre', usedName: null, firstNames: 'André Jean' })).toBe('LEFÈVRE André Jean');
    expect(birthNameNote(i18n.t, { birthName: 'Chabert', usedName: 'Morel', firstNames: 'Lucienne' })).toBe('Nom de naissance : CHABERT');
    expect(birthNameNote(i18n.t, { birthName: 'Faure', usedName: null, firstNames: 'Marcel' })).toBeNull();
  });
});
