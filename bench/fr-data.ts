/**
 * Plausible French data for the bench: common surnames and first names (with their accents),
 * and real communes of the Drôme, Ardèche, Isère and Rhône with their postcode and INSEE code.
 * Lists are roughly in order of frequency, so a skewed pick makes "Martin" common and "Chareyre" rare.
 */

/** A list written as comma-separated lines, without duplicates. */
const list = (s: string): string[] => [
  ...new Set(
    s
      .split(/[,\n]/)
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];

export const SURNAMES = list(`
Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent
Simon, Michel, Lefèvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard
Bonnet, Dupont, Lambert, Fontaine, Rousseau, Vincent, Muller, Faure, André, Mercier
Blanc, Guérin, Boyer, Garnier, Chevalier, François, Legrand, Gauthier, Garcia, Perrin
Robin, Clément, Morin, Nicolas, Henry, Roussel, Mathieu, Gautier, Masson, Marchand
Duval, Denis, Dumont, Marie, Lemaire, Noël, Meyer, Dufour, Meunier, Brun
Blanchard, Giraud, Joly, Rivière, Lucas, Brunet, Gaillard, Barbier, Arnaud, Martinez
Gérard, Roche, Renard, Schmitt, Roy, Leroux, Colin, Vidal, Caron, Picard
Roger, Fabre, Aubert, Lemoine, Renaud, Dumas, Lacroix, Olivier, Philippe, Bourgeois
Pierre, Benoît, Rey, Leclerc, Payet, Rolland, Leclercq, Guillaume, Lecomte, Lopez
Jean, Dupuy, Guillot, Hubert, Berger, Carpentier, Sanchez, Dupuis, Moulin, Louis
Deschamps, Huet, Vasseur, Perez, Boucher, Fleury, Royer, Klein, Jacquet, Adam
Paris, Poirier, Marty, Aubry, Guyot, Carré, Charles, Renault, Charpentier, Ménard
Maillard, Baron, Bertin, Bailly, Hervé, Schneider, Fernandez, Le Gall, Collet, Léger
Bouvier, Julien, Prévost, Millet, Perrot, Daniel, Le Roux, Cousin, Germain, Breton
Besson, Langlois, Rémy, Le Goff, Pelletier, Lévêque, Perrier, Leblanc, Barré, Lebrun
Marchal, Weber, Mallet, Hamon, Boulanger, Jacob, Monnier, Michaud, Rodriguez, Guichard
Gillet, Étienne, Grondin, Poulain, Tessier, Chevallier, Collin, Chauvin, Da Silva, Bouchet
Gay, Lemaître, Bénard, Maréchal, Humbert, Reynaud, Antoine, Hoarau, Perret, Barthélemy
Cordier, Pichon, Lejeune, Gilbert, Lamy, Delaunay, Pasquier, Carlier, Laporte, Chabert
Bonnefoy, Brunel, Chapuis, Reboul, Vernet, Teyssier, Peyrard, Charrier, Bérard, Gros
Jourdan, Mounier, Jullien, Rochette, Vial, Chaix, Blache, Bouvet, Mazet, Ferrand
Sauvageon, Chareyre, Duc, Gachet, Allemand, Rozier, Coste, Aymard, Vallon, Serre
Chazal, Hébert, Thévenet, Gérin, Crépin, Béranger, Régnier, Fèvre, Lenoël, Désiré
Haddad, Benali, Da Costa, Ferreira, Pereira, Dos Santos, Mansouri, Nguyen, Belkacem, Amrani
Bouzid, Rodrigues, Martins, Gonçalves, Lopes, Fernandes, Ben Ahmed, Brahimi, Meziane, Cherif
Marion, Charbonnier, Giraudon, Chambon, Brès, Tardy, Chosson, Buisson, Cluzel, Fayolle
Vacher, Chastel, Veyrenc, Pradier, Roustan, Béal, Gounon, Faurie, Blanchet, Cellier
Dumoulin, Delorme, Delhomme, Chapelle, Monteil, Mathon, Ravel, Peyron, Rivoire, Guillermin
Bouchard, Chatelain, Granger, Mathey, Bonnard, Lagarde, Ollivier, Hugon, Ageron, Brosse
Descours, Reymond, Mottet, Cuoq, Nodin, Plantier, Bourret, Rouvière, Soulier, Vernay
Lefebvre, Mallein, Drevet, Bœuf, Cœur, Lœillet, Brémond, Sénéclauze, Thérond, Eyraud
`);

export const FEMALE_FIRST_NAMES = list(`
Marie, Jeanne, Françoise, Monique, Catherine, Nathalie, Isabelle, Jacqueline, Anne, Sylvie
Martine, Madeleine, Nicole, Suzanne, Hélène, Christine, Marguerite, Denise, Louise, Christiane
Yvonne, Germaine, Paulette, Odette, Simone, Lucienne, Josette, Colette, Renée, Andrée
Ginette, Gisèle, Huguette, Raymonde, Marcelle, Georgette, Yvette, Danielle, Michèle, Éliane
Bernadette, Chantal, Brigitte, Josiane, Évelyne, Mireille, Annie, Dominique, Claudine, Jocelyne
Patricia, Véronique, Valérie, Sandrine, Stéphanie, Céline, Aurélie, Émilie, Julie, Camille
Léa, Manon, Chloé, Laura, Sarah, Pauline, Marion, Élodie, Mélanie, Audrey
Caroline, Cécile, Agnès, Béatrice, Geneviève, Thérèse, Solange, Irène, Léone, Gaëlle
Maëlle, Noémie, Anaïs, Océane, Clémence, Inès, Zoé, Lucie, Margaux, Maéva
Léonie, Joëlle, Noëlle, Régine, Fatima, Nadia, Samira, Karima, Aïcha, Yasmina
Maria, Ana, Rose, Lucette, Henriette, Juliette, Arlette, Micheline, Jeannine, Éveline
Marthe, Berthe, Augustine, Alice, Emma, Clara, Jade, Lina, Ambre, Maëlys
Francine, Bénédicte, Edwige, Ghislaine, Hortense, Laetitia, Séverine, Virginie, Karine, Corinne
Florence, Pascale, Muriel, Fabienne, Estelle, Delphine, Aurore, Gwenaëlle, Rosine, Mathilde
`);

export const MALE_FIRST_NAMES = list(`
Jean, Pierre, Michel, André, Philippe, René, Louis, Alain, Jacques, Bernard
Marcel, Daniel, Roger, Robert, Paul, Claude, Christian, Henri, Georges, Nicolas
François, Patrick, Gérard, Christophe, Joseph, Raymond, Maurice, Lucien, Marc, Thierry
Frédéric, Pascal, Éric, Laurent, Julien, Stéphane, David, Sébastien, Olivier, Guy
Gilbert, Serge, Roland, Yves, Gaston, Fernand, Émile, Albert, Léon, Lucas
Hugo, Thomas, Théo, Maxime, Alexandre, Antoine, Kévin, Jérôme, Jérémy, Mathieu
Benoît, Noël, Hervé, Gaël, Joël, Raphaël, Mickaël, Loïc, Clément, Adrien
Baptiste, Quentin, Romain, Vincent, Didier, Dominique, Francis, Jean-Pierre, Jean-Claude, Jean-Luc
Jean-Marie, Jean-Paul, Jean-François, Jean-Marc, Mohamed, Karim, Ahmed, Youssef, Rachid, Mustapha
José, Manuel, Antonio, Aurélien, Cédric, Grégory, Ludovic, Valentin, Florian, Arnaud
Bruno, Denis, Fabrice, Franck, Gilles, Lionel, Régis, Rémi, Sylvain, Xavier
Yannick, Étienne, Félix, Léo, Nathan, Enzo, Mathis, Noé, Gabriel, Arthur
Jules, Victor, Émilien, Ernest, Eugène, Auguste, Marius, Honoré, Aimé, Séraphin
Raoul, Edmond, Armand, Gustave, Firmin, Célestin, Anthelme, Jérémie, Timothée, Grégoire
`);

/** [name, postcode, INSEE code] of real communes of the Drôme (26), Ardèche (07), Isère (38) and Rhône (69). */
export const COMMUNES: readonly (readonly [string, string, string])[] = [
  ['Valence', '26000', '26362'],
  ['Romans-sur-Isère', '26100', '26281'],
  ['Montélimar', '26200', '26198'],
  ['Bourg-lès-Valence', '26500', '26058'],
  ['Pierrelatte', '26700', '26235'],
  ['Crest', '26400', '26108'],
  ['Die', '26150', '26113'],
  ['Nyons', '26110', '26220'],
  ["Tain-l'Hermitage", '26600', '26347'],
  ['Portes-lès-Valence', '26800', '26252'],
  ['Chabeuil', '26120', '26064'],
  ["Saint-Rambert-d'Albon", '26140', '26325'],
  ['Livron-sur-Drôme', '26250', '26165'],
  ['Loriol-sur-Drôme', '26270', '26166'],
  ['Donzère', '26290', '26116'],
  ['Saint-Paul-Trois-Châteaux', '26130', '26324'],
  ['Dieulefit', '26220', '26114'],
  ['Bourg-de-Péage', '26300', '26057'],
  ['Saint-Marcel-lès-Valence', '26320', '26313'],
  ['Étoile-sur-Rhône', '26800', '26124'],
  ['Saint-Vallier', '26240', '26333'],
  ['Buis-les-Baronnies', '26170', '26063'],
  ['Beaumont-lès-Valence', '26760', '26037'],
  ['Mours-Saint-Eusèbe', '26540', '26217'],
  ["Saint-Donat-sur-l'Herbasse", '26260', '26301'],
  ['Châteauneuf-sur-Isère', '26300', '26084'],
  ['Allex', '26400', '26006'],
  ['Malissard', '26120', '26170'],
  ['Annonay', '07100', '07010'],
  ['Aubenas', '07200', '07019'],
  ['Privas', '07000', '07186'],
  ['Tournon-sur-Rhône', '07300', '07324'],
  ['Guilherand-Granges', '07500', '07102'],
  ['Le Teil', '07400', '07319'],
  ['Bourg-Saint-Andéol', '07700', '07042'],
  ['Saint-Péray', '07130', '07281'],
  ['La Voulte-sur-Rhône', '07800', '07349'],
  ['Le Pouzin', '07250', '07181'],
  ['Lamastre', '07270', '07131'],
  ['Largentière', '07110', '07132'],
  ['Les Vans', '07140', '07334'],
  ['Vals-les-Bains', '07600', '07331'],
  ['Saint-Agrève', '07320', '07204'],
  ['Cruas', '07350', '07076'],
  ['Davézieux', '07430', '07078'],
  ['Villeneuve-de-Berg', '07170', '07341'],
  ['Grenoble', '38000', '38185'],
  ['Vienne', '38200', '38544'],
  ['Saint-Marcellin', '38160', '38416'],
  ['Voiron', '38500', '38563'],
  ['Échirolles', '38130', '38151'],
  ["Saint-Martin-d'Hères", '38400', '38421'],
  ['Roussillon', '38150', '38344'],
  ['Beaurepaire', '38270', '38034'],
  ['Bourgoin-Jallieu', '38300', '38053'],
  ['Vinay', '38470', '38564'],
  ['Saint-Égrève', '38120', '38382'],
  ['Fontaine', '38600', '38169'],
  ['Salaise-sur-Sanne', '38150', '38468'],
  ['Lyon', '69003', '69123'],
  ['Villeurbanne', '69100', '69266'],
  ['Vénissieux', '69200', '69259'],
  ['Givors', '69700', '69091'],
  ['Villefranche-sur-Saône', '69400', '69264'],
  ['Saint-Priest', '69800', '69290'],
  ['Bron', '69500', '69029'],
  ['Condrieu', '69420', '69064'],
  ['Mornant', '69440', '69141'],
];

/** Birth places outside the area (people who moved here), [name, INSEE code]. */
export const OTHER_BIRTH_PLACES: readonly (readonly [string, string])[] = [
  ['Paris', '75056'],
  ['Marseille', '13055'],
  ['Saint-Étienne', '42218'],
  ['Avignon', '84007'],
  ['Clermont-Ferrand', '63113'],
  ['Nîmes', '30189'],
  ['Le Puy-en-Velay', '43157'],
  ['Gap', '05061'],
];

export const STREETS = [
  'rue de la République',
  'avenue Victor Hugo',
  'chemin des Vignes',
  'impasse des Lilas',
  "place de l'Église",
  'route de Romans',
  'rue Jean Jaurès',
  'boulevard Gambetta',
  'allée des Tilleuls',
  'rue du Stade',
  'chemin de la Combe',
  'montée du Château',
  "quai de l'Isère",
  'rue des Écoles',
  'rue Pasteur',
  'avenue de Provence',
  'rue Émile Zola',
  'chemin du Moulin',
  'rue de la Gare',
  'Grande Rue',
  'rue des Mûriers',
  'lotissement les Genêts',
  'rue Pierre Sémard',
  'avenue des Baumes',
];

/** Names of the 20 organisations (tenants) of the bench. */
export const ORGANISATIONS = [
  'DAC Drôme Nord',
  'DAC Drôme Sud',
  'DAC Ardèche Nord',
  'DAC Ardèche Méridionale',
  'SPASAD Vallée du Rhône',
  'SSIAD du Royans',
  'ADMR Drôme des Collines',
  'Réseau Santé Valentinois',
  'SSIAD Pays de Romans',
  'SAAD Tricastin',
  'DAC Isère Rhodanienne',
  'SPASAD Nord-Isère',
  'SSIAD Grésivaudan',
  'Plateforme Autonomie Vienne Condrieu',
  'DAC Rhône Sud',
  'SAAD Lyon Est',
  'SSIAD Diois',
  'SPASAD Baronnies Nyonsais',
  'Réseau Gérontologique du Vivarais',
  'CCAS Montélimar Agglomération',
];

export const SERVICE_KINDS = [
  ['ssiad', 'SSIAD'],
  ['saad', 'SAAD'],
  ['dac', 'Antenne DAC'],
  ['spasad', 'SPASAD'],
] as const;
