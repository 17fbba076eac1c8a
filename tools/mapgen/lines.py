"""The historical lines the alternate 1939 is cut along.

Each area is a polygon in longitude/latitude that is intersected with modern
Natural Earth countries, so only its land-side edges matter: they follow the
documented border, and the rest of the polygon simply reaches past the coast or
into the country it is cut from. Points are read off period maps to about
5-10 km, finer than the map draws them (one screen pixel is 5-25 km).

In this alternate history Imperial Germany won the Great War in the West and
kept its 1914 borders; the lands Russia gave up at Brest-Litovsk (3 March 1918)
are German satellites: Poland (the 1916 Regency Kingdom), Lithuania, the United
Baltic Duchy, Belarus, Ukraine and Finland.
"""

# The German-Russian border of 1914 from the Baltic at Nimmersatt to the
# Three Emperors' Corner at Myslowitz, then the Prussian-Austrian border of
# Upper Silesia to the Moravian Gate. Sources: the Treaty of Vienna (1815)
# border of Congress Poland, as drawn on the 1914 Putzger atlas map "Das
# Deutsche Reich" and on the Wikipedia map of the Province of Posen and of
# East Prussia; the towns named are on the side stated.
GERMAN_EAST_1914 = [
    (21.07, 56.07),  # Nimmersatt on the Baltic (German); Polangen Russian
    (21.22, 55.92),  # east of Memel, west of Kretinga (Russian)
    (21.38, 55.72),  # west of Gargzdai (Russian)
    (21.62, 55.50),
    (22.05, 55.30),  # south-west of Taurogen (Russian)
    (22.60, 55.07),  # the Memel (Neman) at Schmalleningken (German)
    (22.87, 54.80),  # up the Szeszuppe
    (22.79, 54.36),  # east of Goldap (German)
    (22.62, 54.17),  # west of Filipow (Russian)
    (22.70, 53.95),  # east of Treuburg (German)
    (22.45, 53.68),  # Prostken (German) / Grajewo (Russian)
    (21.90, 53.45),  # south of Johannisburg (German); Kolno Russian
    (21.35, 53.40),  # north of Myszyniec (Russian)
    (20.90, 53.30),  # Willenberg (German) / Chorzele (Russian)
    (20.28, 53.17),  # Illowo, south of Soldau (German); Mlawa Russian
    (19.64, 53.15),  # Gorzno (German); Rypin Russian
    (19.05, 53.06),  # the Drewenz at Golub (German)
    (18.72, 52.90),  # Ottlotschin, south-east of Thorn (German)
    (18.40, 52.62),  # Lake Goplo: Kruschwitz German, Radziejow Russian
    (17.85, 52.30),  # Strzalkowo (German) / Slupca (Russian)
    (17.72, 52.12),  # west of Pyzdry (Russian)
    (18.02, 51.72),  # Skalmierzyce (German) / Kalisch (Russian)
    (18.12, 51.30),  # Kempen (German) / Wieruszow (Russian)
    (18.40, 51.05),  # west of Praszka (Russian)
    (18.85, 50.75),  # Herby (German); Czestochowa Russian
    (19.08, 50.45),  # Tarnowitz (German) / Bendzin (Russian)
    (19.20, 50.23),  # Three Emperors' Corner at Myslowitz
    (19.12, 50.00),  # Pless (German) / Auschwitz (Austrian)
    (18.85, 49.93),  # the Vistula
    (18.33, 49.93),  # Oderberg (Austrian)
    (18.00, 49.40),  # into Moravia: the modern Czech border cuts from here
    (13.00, 49.40),
    (13.00, 56.07),
]

# Alsace-Lorraine, the Reichsland of 1871-1918: the Treaty of Frankfurt
# border. Longwy, Pont-a-Mousson, Luneville, Saint-Die and Belfort French;
# Metz, Chateau-Salins, Schirmeck and Mulhouse German.
ALSACE_LORRAINE = [
    (5.98, 49.60),
    (5.95, 49.20),  # west of Metz, by Gravelotte
    (5.98, 49.02),
    (6.12, 48.88),  # north of Pont-a-Mousson
    (6.60, 48.68),  # between Chateau-Salins and Luneville
    (7.00, 48.55),  # Avricourt, the border station
    (7.10, 48.40),  # the Vosges crest above Schirmeck
    (7.05, 48.10),  # Col de la Schlucht
    (6.85, 47.82),  # Ballon d'Alsace
    (7.00, 47.62),  # east of Belfort
    (7.13, 47.45),  # the Swiss border at Delle
    (8.60, 47.40),
    (8.60, 49.60),
]

# North Schleswig, German until the 1920 plebiscite: the Konigsau (Kongea)
# border south of Kolding, with the island of Alsen.
NORTH_SCHLESWIG = [
    (8.00, 54.70),
    (8.00, 55.47),
    (9.60, 55.47),  # the Konigsau, Kolding Danish
    (9.62, 55.20),
    (10.10, 55.05),  # the Little Belt, Alsen German, Funen Danish
    (10.10, 54.70),
]

# Finland's border of the Treaty of Tartu (1920): the Karelian Isthmus to
# the Sestra (Rajajoki), the north shore of Lake Ladoga to Rajakontu, Salla
# and the Petsamo corridor to the Arctic. Cut from modern Russia.
FINLAND_1920 = [
    (27.50, 60.05),
    (29.87, 60.13),  # Rajajoki on the Sestra: Terijoki Finnish
    (30.15, 60.33),
    (30.75, 60.42),  # Lake Ladoga's west shore south of Taipale
    (32.30, 61.25),  # Rajakontu: Salmi Finnish, Vidlitsa Soviet
    (32.70, 61.65),
    (32.90, 62.10),  # east of Suojarvi (Finnish)
    (32.60, 62.60),
    (31.80, 63.20),
    (30.60, 63.60),
    (29.00, 63.60),
    (27.50, 61.00),
]
SALLA_1920 = [
    (28.90, 66.20),
    (30.10, 66.30),
    (30.10, 67.10),
    (28.90, 67.10),
]
PETSAMO_1920 = [
    (27.50, 68.85),
    (30.00, 68.70),
    (31.00, 69.10),
    (31.90, 69.60),  # the western Rybachy peninsula
    (31.90, 69.98),
    (27.50, 69.98),
]

# The Crimea: the Crimean Regional Government of 1918, in this world the
# USSR's Crimean ASSR, not Ukraine's. Cut at the Perekop isthmus and the
# Chongar strait, with the Arabat Spit.
CRIMEA = [
    (32.30, 46.00),
    (33.60, 46.18),  # Perekop
    (34.50, 46.12),  # the Sivash, Chongar
    (35.10, 45.72),  # the Arabat Spit below Henichesk (Ukrainian)
    (36.90, 45.50),
    (36.90, 44.20),
    (32.30, 44.20),
]
